import Dashboard
import Foundation

/// `DashboardBench frame` — frame cost of the dashboard (layout + render + paint diff), no terminal.
/// `DashboardBench serve` — a ChaosServer and a config of N endpoints on it, for the tmux benchmarks.
/// `DashboardBench keypress` — keypress-to-screen latency of a dashboard running in tmux.
/// `DashboardBench redact` — the cost of scrubbing one untrusted message (``RedactBenchmark``).
/// Run by bench/dashboard.bench.sh; see docs/BENCHMARKS.md.
@main
enum DashboardBench {
    static func main() async throws {
        var arguments = Array(CommandLine.arguments.dropFirst())
        let command = arguments.isEmpty ? "frame" : arguments.removeFirst()
        let options = Options(arguments)
        switch command {
        case "frame": frame(options)
        case "serve": try await Serve.run(options)
        case "keypress": try Keypress.run(options)
        case "redact":
            print("| message | secrets known | size | per scrub | |")
            print("| --- | ---: | ---: | ---: | --- |")
            RedactBenchmark.run(options)
            RedactBenchmark.merge(options)
        default:
            FileHandle.standardError.write(
                Data("usage: DashboardBench frame|serve|keypress|redact [--key value]…\n".utf8))
            exit(64)
        }
    }

    static func frame(_ options: Options) {
        let frames = options.int("frames", 2_000)
        let warmup = options.int("warmup", 200)
        let many = options.int("endpoints", 10_000)
        let rows = options.int("rows", 40)
        var scenarios: [FrameBenchmark.Scenario] = []
        for (width, mode) in [(200, "wide"), (120, "normal")] {
            guard let height = FrameBenchmark.height(forRows: rows, width: width, endpoints: many) else {
                continue
            }
            let size = Size(width: width, height: height)
            scenarios.append(
                .init(
                    name: "\(many) endpoints, \(mode) \(width)×\(height), refresh", endpoints: many,
                    size: size, newSnapshotEachFrame: true))
            scenarios.append(
                .init(
                    name: "\(many) endpoints, \(mode) \(width)×\(height), key", endpoints: many, size: size,
                    newSnapshotEachFrame: false))
        }
        for size in [Size(width: 80, height: 24), Size(width: 200, height: 60)] {
            scenarios.append(
                .init(
                    name: "40 endpoints, \(size.width)×\(size.height), refresh", endpoints: 40, size: size,
                    newSnapshotEachFrame: true))
        }
        print(
            "| frame | rows drawn | build p50 | diff p50 | total p50 | total p90 | total p99 | CPU p50 | CPU p99 | cells changed p50 |"
        )
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for scenario in scenarios {
            let result = FrameBenchmark.run(scenario, frames: frames, warmup: warmup)
            func ms(_ value: Double) -> String { String(format: "%.3f ms", value / 1_000) }
            print(
                "| \(scenario.name) | \(result.rows) | \(ms(result.build.percentile(50))) | \(ms(result.diff.percentile(50))) | \(ms(result.total.percentile(50))) | \(ms(result.total.percentile(90))) | \(ms(result.total.percentile(99))) | \(ms(result.cpu.percentile(50))) | \(ms(result.cpu.percentile(99))) | \(Int(result.changedCells.percentile(50))) |"
            )
        }
    }
}

/// `--key value` pairs.
struct Options {
    private var values: [String: String] = [:]

    init(_ arguments: [String]) {
        var index = 0
        while index < arguments.count {
            let key = arguments[index]
            if key.hasPrefix("--"), index + 1 < arguments.count {
                values[String(key.dropFirst(2))] = arguments[index + 1]
                index += 2
            } else {
                index += 1
            }
        }
    }

    func int(_ key: String, _ fallback: Int) -> Int { values[key].flatMap(Int.init) ?? fallback }
    func string(_ key: String, _ fallback: String) -> String { values[key] ?? fallback }
    func optional(_ key: String) -> String? { values[key] }
}
