import Resilience

/// The time source of every measurement: the project's ``SystemClock`` (`CLOCK_MONOTONIC` via
/// `clock_gettime`), read once before and once after a whole run of N operations, so its own
/// cost (~20–40 ns) is spread over N and vanishes from the per-operation figure.
enum Stopwatch {
    /// The current monotonic time in nanoseconds.
    @inline(__always)
    static func now() -> Int64 { SystemClock.shared.now().nanoseconds }

    /// Nanoseconds taken by `body(n)`.
    @inline(never)
    static func time(_ n: Int, _ body: (Int) -> Void) -> Int64 {
        let start = now()
        body(n)
        return now() - start
    }

    /// Nanoseconds taken by `await body(n)`.
    @inline(never)
    static func time(_ n: Int, _ body: (Int) async -> Void) async -> Int64 {
        let start = now()
        await body(n)
        return now() - start
    }
}
