#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The real monotonic clock (`CLOCK_MONOTONIC`), measured from the moment the clock was made.
///
/// Reads the clock with `clock_gettime` and plain `Int64` arithmetic: `ContinuousClock` plus
/// `Duration` arithmetic (128-bit attoseconds) cost about 35 ns a read, a third of a breaker's
/// whole permit + record budget. This is a system call wrapper, not I/O.
public struct SystemClock: ResilienceClock {
    private let originNanoseconds: Int64

    /// A clock whose origin is now.
    public init() { originNanoseconds = Self.monotonicNanoseconds() }

    /// A process-wide clock, so instants from different owners can be compared.
    public static let shared = SystemClock()

    /// The current instant.
    @inlinable
    public func now() -> Instant {
        Instant(nanoseconds: Self.monotonicNanoseconds() &- origin)
    }

    @usableFromInline
    var origin: Int64 { originNanoseconds }

    @usableFromInline
    static func monotonicNanoseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Int64(spec.tv_sec) &* 1_000_000_000 &+ Int64(spec.tv_nsec)
    }

    /// Suspends until `deadline`.
    public func sleep(until deadline: Instant) async throws {
        let remaining = deadline.nanoseconds &- now().nanoseconds
        guard remaining > 0 else {
            try Task.checkCancellation()
            return
        }
        try await Task.sleep(for: .nanoseconds(remaining))
    }

    /// The loop's timer: this clock is real time, so any loop that keeps real time serves it.
    public func makeTimer(realTime: () -> any ResilienceTimer) -> any ResilienceTimer { realTime() }
}
