// swift-tools-version:6.1
// ethotop — a terminal dashboard for watching services fail and recover.
//
// The module layout is described in docs/ARCHITECTURE.md: dependencies point one way,
// `ethotop` → `Dashboard` → `Monitor` → `Resilience`, `Probe`. Only `Probe` imports
// `CCurl`; only `Dashboard` imports `CNcursesw`; `Resilience` imports no C and does no I/O.
// Linux only: the probe loop is built on epoll and eventfd, the terminal on ncursesw.
import PackageDescription

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "ethotop",
    products: [
        .executable(name: "ethotop", targets: ["ethotop"]),
        .library(name: "Resilience", targets: ["Resilience"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.0"),
    ],
    targets: [
        // C shims: typed `static inline` wrappers for what Swift cannot import directly.
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .systemLibrary(
            name: "CNcursesw",
            pkgConfig: "ncursesw",
            providers: [.apt(["libncurses-dev"])]
        ),

        // Pure Swift resilience primitives: no C, no I/O, clock injected.
        .target(
            name: "Resilience",
            dependencies: [.product(name: "Histogram", package: "hdrhistogram-swift")],
            swiftSettings: strict
        ),
        // libcurl multi interface on one event-loop thread.
        .target(name: "Probe", dependencies: ["CCurl", "Resilience"], swiftSettings: strict),
        // Config, scheduler, pipeline, snapshots, events, exporters.
        .target(
            name: "Monitor",
            dependencies: [
                "Resilience", "Probe",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // Durable history in SQLite: the store, the writer thread, the reports. Only it imports CSQLite.
        .target(name: "History", dependencies: ["Monitor", "CSQLite"], swiftSettings: strict),
        // `ethotop serve`'s HTTP side (/metrics, /snapshot.json, /healthz): keeps NIO out of Monitor.
        .target(
            name: "Exporter",
            dependencies: [
                "Monitor",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        // `ethotop attach`'s side of the agent's control API: a SnapshotSource fed by the agent's
        // stream over a Unix socket or TCP. NIO stays here, so the dashboard never learns it.
        .target(
            name: "AgentClient",
            dependencies: [
                "Monitor", "Resilience",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        // `ethotop serve`'s control API for attached screens: a pure router, thin NIO handlers,
        // the Unix socket's hygiene and peer credentials.
        .target(
            name: "Agent",
            dependencies: [
                "Monitor", "Exporter",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        // The ncurses dashboard: pure layout into a cell grid, plus a thin painter.
        .target(
            name: "Dashboard",
            dependencies: ["Monitor", "Resilience", "CNcursesw", .product(name: "Yams", package: "Yams")],
            swiftSettings: strict
        ),
        // Loopback HTTP server that misbehaves on purpose (demo + test fixture).
        .target(
            name: "ChaosServer",
            dependencies: [
                "Resilience",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        // Release micro-benchmark of the prober (bench/probe.bench.sh); not shipped.
        .executableTarget(
            name: "ProbeBench", dependencies: ["Probe"], path: "Benchmarks/ProbeBench", swiftSettings: strict),
        // expect.json's cost per probe on a 4 KiB body (bench/estate.bench.sh).
        .executableTarget(
            name: "ExpectBench", dependencies: ["Monitor"], path: "Benchmarks/ExpectBench",
            swiftSettings: strict),
        // The ChaosServer as a process of its own, for bench/scale.bench.sh and `make soak`.
        .executableTarget(
            name: "ChaosServe", dependencies: ["ChaosServer"], path: "Benchmarks/ChaosServe",
            swiftSettings: strict),
        .executableTarget(
            name: "ethotop",
            dependencies: [
                "Dashboard", "Monitor", "Resilience", "ChaosServer", "Exporter", "Agent", "AgentClient",
                "History",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // What recording history costs and how big the database gets (bench/history.bench.sh).
        .executableTarget(
            name: "HistoryBench", dependencies: ["History", "Monitor", "Resilience"],
            path: "Benchmarks/HistoryBench",
            swiftSettings: strict),
        // Release micro-benchmark of the Resilience hot paths (`make bench`); depends on nothing
        // else, so it builds alongside the other modules, not after them.
        .executableTarget(
            name: "ResilienceBench",
            dependencies: ["Resilience"],
            path: "Benchmarks/ResilienceBench",
            swiftSettings: strict
        ),
        // `make bench`: the dashboard's frame cost and the tmux-driven latency and bandwidth runs.
        .executableTarget(
            name: "DashboardBench", dependencies: ["Dashboard", "Monitor", "ChaosServer"],
            path: "Benchmarks/DashboardBench", swiftSettings: strict),

        // libFuzzer target over the config loader and value parsers (`make fuzz`); built normally,
        // a replayer of fuzz inputs.
        .executableTarget(
            name: "ConfigFuzzer", dependencies: ["Monitor"], path: "fuzz/ConfigFuzzer", swiftSettings: strict),

        .testTarget(
            name: "ResilienceTests",
            dependencies: [
                "Resilience", "TestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strict
        ),
        // What several test targets need: child processes, promtool, loopback ports, seeded RNG.
        .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: strict),
        // Real peers for the fault tests: TLS servers with chosen certificates, an HTTP/2 server.
        .target(
            name: "FaultPeers", dependencies: ["TestSupport"], path: "Tests/FaultPeers",
            swiftSettings: strict),
        // Writes the operator state file in a loop, to be killed -9 mid-write by a test.
        .executableTarget(
            name: "StateWriter", dependencies: ["Monitor"], path: "Tests/StateWriter", swiftSettings: strict),
        .testTarget(
            name: "ProbeTests", dependencies: ["Probe", "ChaosServer", "FaultPeers", "TestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "ChaosServerTests",
            dependencies: [
                "ChaosServer", "Resilience",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "MonitorTests",
            dependencies: ["Monitor", "ChaosServer", "FaultPeers", "StateWriter", "TestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "AgentTests", dependencies: ["Agent", "Monitor", "Exporter", "ChaosServer", "TestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "ExporterTests", dependencies: ["Exporter", "Monitor", "TestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "EthotopTests",
            dependencies: [
                "ethotop", "Exporter", "Agent", "Monitor", "ChaosServer", "FaultPeers", "TestSupport",
            ],
            swiftSettings: strict),
        .testTarget(
            name: "HistoryTests", dependencies: ["History", "Monitor", "ChaosServer", "TestSupport"],
            swiftSettings: strict),
        .testTarget(name: "DashboardTests", dependencies: ["Dashboard"], swiftSettings: strict),
        .testTarget(
            name: "AgentClientTests", dependencies: ["AgentClient", "Monitor", "Resilience", "TestSupport"],
            swiftSettings: strict),
        // The real `ethotop` binary in a real terminal (tmux), against a ChaosServer in the test.
        .testTarget(
            name: "TerminalTests", dependencies: ["ChaosServer", "TestSupport"], swiftSettings: strict),
    ]
)
