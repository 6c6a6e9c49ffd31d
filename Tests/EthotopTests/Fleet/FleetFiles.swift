import Foundation

/// Paths of the shipped Prometheus files and of the tools the fleet tests run.
enum FleetFiles {
    /// The package root, found from this file's path (Tests/EthotopTests/Fleet/FleetFiles.swift).
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// `deploy/prometheus/`.
    static let prometheusDirectory = root.appendingPathComponent("deploy/prometheus")
    /// The example server configuration.
    static let exampleConfig = prometheusDirectory.appendingPathComponent("prometheus.yml")
    /// The recording and alerting rules.
    static let rules = prometheusDirectory.appendingPathComponent("ethotop.rules.yml")
    /// The `promtool test rules` unit tests of the rules.
    static let rulesTests = prometheusDirectory.appendingPathComponent("tests/ethotop.rules.test.yml")

    /// The built `ethotop` binary, next to the test bundle.
    static var ethotop: URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("ethotop")
    }

    /// A Debian `prometheus` package binary (`make test-deps` installs it), or nil.
    static func tool(_ name: String) -> URL? {
        let directories =
            (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
            + ["/usr/bin"]
        return directories.map { URL(fileURLWithPath: $0).appendingPathComponent(name) }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// A fresh directory under the system temporary directory.
    static func temporaryDirectory(_ prefix: String) throws -> URL {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }
}
