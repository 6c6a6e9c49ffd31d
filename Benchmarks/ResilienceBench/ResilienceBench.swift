// ResilienceBench — release micro-benchmark of the Resilience hot paths (issue 2, "Performance").
//
// Run through `make bench` (bench/resilience.bench.sh), which builds release, measures the peers
// (a C pthread mutex loop, Python's pybreaker) and callgrind instruction counts, and passes them
// in so that one table shows everything. Run alone it measures the Swift rows:
//
//   ResilienceBench [--runs R] [--target-ms T] [--only ID,ID…] [--iterations N] [--no-warmup]
//                   [--peer 'id|label|best|median|cpu|note']… [--instructions 'id=count']… [--list]
//
// `--only` takes ids (`breaker.*` for a prefix); `--iterations` fixes N (callgrind runs use it
// twice and take the difference, so start-up and setup cancel out).

import Dispatch

func allCases() -> [BenchCase] {
    FloorCases.cases() + BreakerCases.cases() + RetryCases.cases() + BulkheadCases.cases()
        + LimiterCases.cases() + LatencyCases.cases()
}

struct Options {
    var runner = Runner()
    var only: [String] = []
    var peers: [Row] = []
    var instructions: [String: Double] = [:]
    var list = false

    init(_ arguments: [String]) throws(UsageError) {
        var rest = arguments[...]
        func value(_ flag: String) throws(UsageError) -> String {
            guard let next = rest.popFirst() else { throw UsageError("\(flag) needs a value") }
            return next
        }
        func number(_ flag: String) throws(UsageError) -> Int {
            guard let parsed = Int(try value(flag)), parsed > 0 else {
                throw UsageError("\(flag) needs a positive integer")
            }
            return parsed
        }
        while let flag = rest.popFirst() {
            switch flag {
            case "--runs": runner.runs = try number(flag)
            case "--target-ms": runner.targetRunNanoseconds = Int64(try number(flag)) * 1_000_000
            case "--iterations": runner.fixedIterations = try number(flag)
            case "--no-warmup": runner.warmUp = false
            case "--only": only += try value(flag).split(separator: ",").map(String.init)
            case "--list": list = true
            case "--peer": peers.append(try Self.peer(try value(flag)))
            case "--instructions":
                let parts = try value(flag).split(separator: "=")
                guard parts.count == 2, let count = Double(parts[1]) else {
                    throw UsageError("--instructions wants id=count")
                }
                instructions[String(parts[0])] = count
            default: throw UsageError("unknown argument \(flag)")
            }
        }
    }

    /// `id|label|best|median|cpu|note`: wall ns/op best and median, best CPU ns/op (may be
    /// empty), and a note (optional).
    static func peer(_ text: String) throws(UsageError) -> Row {
        let parts = text.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 4, let best = Double(parts[2]), let median = Double(parts[3]) else {
            throw UsageError("--peer wants id|label|best|median|cpu|note, got \(text)")
        }
        return Row(
            id: parts[0], group: "peer", label: parts[1], role: .reported, best: best, median: median,
            bestCPU: parts.count > 4 ? Double(parts[4]) : nil, note: parts.count > 5 ? parts[5] : "")
    }
}

struct UsageError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

@main
struct ResilienceBench {
    /// A synchronous `main` that waits for the measuring task on a semaphore: with an `async`
    /// main the main thread parks in libdispatch's `dispatch_main` (`sigsuspend`), which
    /// valgrind 3.19 cannot run (it dies with an internal SIGSEGV), and instruction counts
    /// need valgrind.
    static func main() {
        let options: Options
        do {
            options = try Options(Array(CommandLine.arguments.dropFirst()))
        } catch {
            printError("ResilienceBench: \(error)")
            exitProcess(2)
        }
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            await run(options)
            done.signal()
        }
        done.wait()
    }

    /// Builds and measures the cases off the main actor, so the async rows run on the global
    /// executor with no actor hop per call (what an engine task sees).
    nonisolated static func run(_ options: Options) async {
        let cases = allCases().filter { benchCase in
            options.only.isEmpty
                || options.only.contains { pattern in
                    pattern.hasSuffix("*")
                        ? benchCase.id.hasPrefix(pattern.dropLast()) : benchCase.id == pattern
                }
        }
        if options.list {
            for benchCase in cases { print("\(benchCase.id)\t\(benchCase.label)") }
            return
        }
        var rows: [Row] = []
        for benchCase in cases {
            let stats = await options.runner.measure(benchCase)
            var row = Row(
                id: benchCase.id, group: benchCase.group, label: benchCase.label, role: benchCase.role,
                best: stats.best, median: stats.median, bestCPU: stats.bestCPU)
            if case .twoThreads = benchCase.kind { row.throughput = 2e9 / stats.best }
            rows.append(row)
            // Progress on stderr, so stdout stays the table.
            printError("\(benchCase.id): best \(format(stats.best, digits: 1)) ns/op, N=\(stats.iterations)")
        }
        let report = Report(rows: rows + options.peers, instructions: options.instructions)
        print(report.markdown())
        let vsPython = report.comparisons(
            to: "peer.pybreaker.call",
            ids: ["breaker.permit+record.now", "breaker.permit+record.clock", "breaker.execute"])
        if !vsPython.isEmpty { print("\n" + vsPython.joined(separator: "\n")) }
    }
}
