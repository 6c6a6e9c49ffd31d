import Dashboard
import Foundation
import Monitor

/// Times what one dashboard frame costs without a terminal: filter + sort (when the snapshot is
/// new), layout, rendering into the cell grid, and the paint diff that decides which cells go
/// to the terminal. ncurses' own output cost is measured end to end by the tmux benchmarks.
enum FrameBenchmark {
    struct Scenario {
        var name: String
        var endpoints: Int
        var size: Size
        /// A new snapshot every frame (a refresh), or the same one with the selection moving (a key).
        var newSnapshotEachFrame: Bool
    }

    struct Result {
        var scenario: Scenario
        var rows: Int
        var build: Samples
        var diff: Samples
        var total: Samples
        /// The frame's CPU time on this thread: the cost without preemption by other processes.
        var cpu: Samples
        var changedCells: Samples
    }

    /// The screen height at `width` whose table shows `rows` endpoint rows, if any.
    static func height(forRows rows: Int, width: Int, endpoints: Int) -> Int? {
        (10...400).first { height in
            Layout(
                size: Size(width: width, height: height), focus: .endpoints, rateLimitCount: 1,
                endpointCount: endpoints
            ).endpointRows == rows
        }
    }

    static func run(_ scenario: Scenario, frames: Int, warmup: Int) -> Result {
        // Distinct snapshots (each a refresh later) prepared up front, so making them is not timed.
        let variants = scenario.newSnapshotEachFrame ? 8 : 1
        let snapshots = (0..<variants).map {
            SyntheticSnapshot.make(count: scenario.endpoints, tick: $0)
        }
        let events = SyntheticSnapshot.events()
        var builder = FrameBuilder()
        var state = DashboardState(refreshInterval: .seconds(1))
        let context = RenderContext(glyphs: .unicode, now: SyntheticSnapshot.start, utcOffset: 0)
        var previous: CellGrid?
        var build = Samples()
        var diff = Samples()
        var total = Samples()
        var cpu = Samples()
        var changed = Samples()
        var rows = 0
        var tick = 0
        for frame in 0..<(warmup + frames) {
            let snapshot = snapshots[frame % variants]
            if !scenario.newSnapshotEachFrame {
                // A key press: move the selection down, bouncing at the ends of a 200-row span.
                _ = state.handle(tick % 400 < 200 ? .down : .up)
                tick += 1
            }
            let cpuStart = threadCPUTime()
            let start = ContinuousClock.now
            let (grid, stats) = builder.build(
                snapshot: snapshot, events: events, state: &state, size: scenario.size, context: context)
            let built = ContinuousClock.now
            let count = grid.changeCount(from: previous)
            let end = ContinuousClock.now
            let cpuEnd = threadCPUTime()
            previous = grid
            rows = stats.endpointRowsRendered
            guard frame >= warmup else { continue }
            build.add(built - start)
            diff.add(end - built)
            total.add(end - start)
            cpu.add(cpuEnd - cpuStart)
            changed.add(Double(count))
        }
        return Result(
            scenario: scenario, rows: rows, build: build, diff: diff, total: total, cpu: cpu,
            changedCells: changed)
    }

    /// CPU time consumed by the calling thread.
    static func threadCPUTime() -> Duration {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return .seconds(time.tv_sec) + .nanoseconds(time.tv_nsec)
    }
}

/// Measurements, reported as percentiles.
struct Samples {
    private(set) var values: [Double] = []

    mutating func add(_ duration: Duration) {
        values.append(
            Double(duration.components.seconds) * 1e6 + Double(duration.components.attoseconds) / 1e12)
    }

    mutating func add(_ value: Double) { values.append(value) }

    func percentile(_ p: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let index = min(sorted.count - 1, max(0, Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1))
        return sorted[index]
    }

    var mean: Double { values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count) }
}
