// What recording history costs, and how big the database gets (bench/history.bench.sh,
// docs/BENCHMARKS.md "History"). Everything goes through the real recorder and store on a real
// SQLite file; snapshots are synthetic (N endpoints, 1 probe/s each, 1 % failing).
//
//   HistoryBench <endpoints> <directory>
import Foundation
import History
import Monitor
import Resilience

#if canImport(Glibc)
    import Glibc
#endif

func cpuSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

func wallSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

final class Clock: @unchecked Sendable {
    var now: Date
    init(_ now: Date) { self.now = now }
}

let arguments = CommandLine.arguments
guard arguments.count >= 3, let count = Int(arguments[1]) else {
    FileHandle.standardError.write(Data("usage: HistoryBench <endpoints> <directory>\n".utf8))
    exit(64)
}
let directory = arguments[2]
let path = directory + "/bench-\(count).db"
for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }

let start = Date(timeIntervalSince1970: 1_800_000_000)
let clock = Clock(start)
let store = try HistoryStore.openForWriting(path: path, now: { clock.now })

// 1. The recorder: one sample a second for 60 s (a bucket closes every 10 s).
@MainActor func snapshot(second: Int) -> Snapshot {
    let at = start.addingTimeInterval(Double(second))
    let endpoints = (0..<count).map { index -> EndpointSnapshot in
        let failed = index % 100 == 0 ? second : 0
        return EndpointSnapshot(
            name: String(format: "endpoint-%05d", index), group: "g\(index % 20)",
            displayURL: "http://127.0.0.1/",
            breaker: BreakerView(state: .closed),
            requests: RequestCounters(total: second, succeeded: second - failed, failed: failed),
            latency: LatencySummary(count: 60, p50: 1.2, p90: 2.5, p99: 4.8, max: 9.1))
    }
    return Snapshot(
        source: "bench", generatedAt: at, uptime: .seconds(second), scheduler: SchedulerSnapshot(),
        endpoints: endpoints,
        rateLimits: [])
}
let snapshots = (1...60).map(snapshot)
var recorder = HistoryRecorder(bucketSeconds: 10)
var batches: [HistoryBatch] = []
var cpu = cpuSeconds()
for snapshot in snapshots { batches.append(recorder.sample(snapshot, events: [])) }
let recorderCPU = cpuSeconds() - cpu

// 2. Writing those batches (6 closed buckets per endpoint).
cpu = cpuSeconds()
for batch in batches where !batch.isEmpty {
    clock.now = start.addingTimeInterval(60)
    try store.write(batch)
}
let writeCPU = cpuSeconds() - cpu
let rowsWritten = batches.reduce(0) { $0 + $1.buckets.count }

// 3. A week's steady state: the last hour in 10 s buckets, the 23 h before in 1 min, six days
//    before that in 10 min (what rollups leave), written as such, then rolled and retained.
@MainActor func rows(width: Int, from: Int64, to: Int64) throws {
    var time = from
    while time < to {
        let batch = HistoryBatch(
            buckets: (0..<count).map { index in
                HistoryBucket(
                    endpoint: String(format: "endpoint-%05d", index), group: "g\(index % 20)", start: time,
                    width: width,
                    succeeded: width, failed: index % 100 == 0 ? 1 : 0, p50Ms: 1.2, p90Ms: 2.5, p99Ms: 4.8,
                    maxMs: 9.1)
            })
        try store.write(batch)
        time += Int64(width)
    }
}
let now: Int64 = 1_800_604_800  // a week after start
clock.now = Date(timeIntervalSince1970: Double(now))
let weekStart = now - 7 * 86_400
cpu = cpuSeconds()
var wall = wallSeconds()
try rows(width: 600, from: weekStart, to: now - 86_400)
try rows(width: 60, from: now - 86_400, to: now - 3_600)
try rows(width: 10, from: now - 3_600, to: now)
let fillWall = wallSeconds() - wall
let fillCPU = cpuSeconds() - cpu
try store.checkpoint()
let weekBytes = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
let weekRows = 864 * count + 1_380 * count + 360 * count

// 4. Rollup: one minute of 10 s buckets older than an hour, as the writer does it each second.
clock.now = Date(timeIntervalSince1970: Double(now + 60))
cpu = cpuSeconds()
let rolled = try store.maintain()
let rollupCPU = cpuSeconds() - cpu

// 5. `ethotop history --since 24h` over it (the report, without printing).
wall = wallSeconds()
cpu = cpuSeconds()
let report = try store.report(
    HistoryQuery(
        from: Date(timeIntervalSince1970: Double(now - 86_400)), to: Date(timeIntervalSince1970: Double(now)))
)
let reportWall = wallSeconds() - wall
let reportCPU = cpuSeconds() - cpu
_ = report.json()
let reportWithJSON = wallSeconds() - wall
wall = wallSeconds()
_ = report.table()
let table = wallSeconds() - wall

print(
    """
    endpoints: \(count)
    recorder: \(String(format: "%.2f", recorderCPU * 1_000 / 60)) ms CPU per 1 s sample
    write: \(rowsWritten) bucket rows in \(String(format: "%.1f", writeCPU * 1_000)) ms CPU = \(String(format: "%.2f", writeCPU * 1e6 / Double(max(1, rowsWritten)))) µs/row; per second of recording: \(String(format: "%.2f", writeCPU * 1_000 / 60)) ms CPU
    week steady state: \(weekRows) rows, \(weekBytes / 1_048_576) MiB (\(String(format: "%.1f", Double(weekBytes) / Double(weekRows))) B/row); filled in \(String(format: "%.1f", fillWall)) s wall, \(String(format: "%.1f", fillCPU)) s CPU
    rollup step: \(rolled.windowsRolledUp) window(s), \(String(format: "%.1f", rollupCPU * 1_000)) ms CPU
    history --since 24h: \(report.endpoints.count) endpoints, report \(String(format: "%.3f", reportWall)) s wall (\(String(format: "%.3f", reportCPU)) s CPU), with JSON \(String(format: "%.3f", reportWithJSON)) s; table \(String(format: "%.3f", table)) s
    """)
store.close()
