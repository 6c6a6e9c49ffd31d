import Resilience

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What one run of N operations took.
struct Sample: Sendable {
    /// Wall time (`CLOCK_MONOTONIC`), nanoseconds.
    var wall: Int64
    /// Process CPU time (`CLOCK_PROCESS_CPUTIME_ID`), nanoseconds; `nil` for two-thread runs,
    /// whose CPU time adds up both threads.
    var cpu: Int64?
}

/// The time sources of every measurement, read once before and once after a whole run of N
/// operations, so their own cost is spread over N and vanishes from the per-operation figure.
///
/// Wall time is the project's ``SystemClock`` (`CLOCK_MONOTONIC` through the vDSO). Process CPU
/// time is read beside it because this machine is shared: when other processes are runnable,
/// wall time includes the slices in which this thread was not running at all, CPU time does not.
/// In the single-threaded cases only one thread of the process does work (the async ones run
/// on one pool thread while the main thread waits on a semaphore), so process CPU time is that
/// thread's time.
enum Stopwatch {
    /// The current monotonic time in nanoseconds.
    @inline(__always)
    static func now() -> Int64 { SystemClock.shared.now().nanoseconds }

    /// CPU time consumed by the process so far, in nanoseconds (a system call: ~0.3 µs).
    static func cpuNow() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
        return Int64(spec.tv_sec) &* 1_000_000_000 &+ Int64(spec.tv_nsec)
    }

    /// What `body(n)` took.
    @inline(never)
    static func time(_ n: Int, _ body: (Int) -> Void) -> Sample {
        let cpuStart = cpuNow()
        let start = now()
        body(n)
        let wall = now() - start
        return Sample(wall: wall, cpu: cpuNow() - cpuStart)
    }

    /// What `await body(n)` took.
    @inline(never)
    static func time(_ n: Int, _ body: (Int) async -> Void) async -> Sample {
        let cpuStart = cpuNow()
        let start = now()
        await body(n)
        let wall = now() - start
        return Sample(wall: wall, cpu: cpuNow() - cpuStart)
    }
}
