import Foundation
import Glibc
import Resilience

/// What each frame of the running dashboard cost, for `ethotop --frame-stats FILE`: the frame
/// cost of the real process under a real engine's load (10,000 endpoints, 1,000 of them hanging),
/// next to `DashboardBench frame`'s cost of a synthetic snapshot on a quiet thread.
///
/// Per frame: *build* is filter, sort, layout and rendering into the cell grid
/// (`DashboardCore.frame`); *paint* is the diff against the previous frame and ncurses' output of
/// the changed cells (`TerminalSession.paint`). Both are the dashboard thread's own CPU time
/// (`CLOCK_THREAD_CPUTIME_ID`: what the frame costs, whoever else runs), and the frame's wall time
/// as well (what the operator waits, preemption included).
struct FrameCostLog {
    /// Frames kept; later frames are counted but not kept (about an hour of refreshes at 4 Hz).
    static let capacity = 20_000

    private var build: [Double] = []
    private var paint: [Double] = []
    private var wall: [Double] = []
    private(set) var frames = 0

    /// Reads the clocks before a frame.
    static func start() -> (cpu: Duration, wall: ContinuousClock.Instant) {
        (threadCPUTime(), .now)
    }

    /// Records one frame: started at `start`, built at `built` (thread CPU), painted by now.
    mutating func record(start: (cpu: Duration, wall: ContinuousClock.Instant), builtCPU: Duration) {
        let endCPU = Self.threadCPUTime()
        let endWall = ContinuousClock.now
        frames += 1
        guard build.count < Self.capacity else { return }
        build.append((builtCPU - start.cpu).milliseconds)
        paint.append((endCPU - builtCPU).milliseconds)
        wall.append((endWall - start.wall).milliseconds)
    }

    /// The summary as one JSON object: frame count and p50/p99/max in ms of build, paint, their
    /// sum (CPU) and wall time.
    func json() -> String {
        let total = zip(build, paint).map { $0 + $1 }
        func summary(_ samples: [Double]) -> String {
            let sorted = samples.sorted()
            func percentile(_ p: Double) -> Double {
                guard !sorted.isEmpty else { return 0 }
                return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.down)))]
            }
            let values = [percentile(0.5), percentile(0.99), sorted.last ?? 0].map {
                String(format: "%.3f", $0)
            }
            return #"{"p50": \#(values[0]), "p99": \#(values[1]), "max": \#(values[2])}"#
        }
        return """
            {"frames": \(frames), "build_cpu_ms": \(summary(build)), "paint_cpu_ms": \(summary(paint)), \
            "frame_cpu_ms": \(summary(total)), "frame_wall_ms": \(summary(wall))}

            """
    }

    /// Writes ``json()`` to `path`; a failure is ignored (the file is a benchmark's, and the
    /// terminal must be restored whatever happens).
    func write(to path: String) {
        try? json().write(toFile: path, atomically: true, encoding: .utf8)
    }

    static func threadCPUTime() -> Duration {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return .seconds(spec.tv_sec) + .nanoseconds(spec.tv_nsec)
    }
}
