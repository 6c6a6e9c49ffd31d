import Resilience
import Synchronization

/// A clock whose `now()` is one atomic load: lets a case fill a time window over a minute of
/// simulated time, then measure reads without paying for `clock_gettime`.
final class SteppedClock: ResilienceClock {
    private let nanoseconds = Atomic<Int64>(0)

    /// Moves the clock forward.
    func advance(by duration: Duration) {
        nanoseconds.wrappingAdd(duration.nanoseconds, ordering: .relaxed)
    }

    func now() -> Instant { Instant(nanoseconds: nanoseconds.load(ordering: .relaxed)) }

    /// Never used by the cases: they do not sleep.
    func sleep(until deadline: Instant) async throws {}

    /// Never used by the cases: they do not sleep.
    func makeTimer(realTime: () -> any ResilienceTimer) -> any ResilienceTimer { realTime() }
}

/// Instants a caller would pass with `now:`: moving 100 ns per operation, as if the caller read
/// its clock once per call, without the read's own cost.
struct Instants {
    private var current = Instant(nanoseconds: 1_000_000_000)

    mutating func next() -> Instant {
        current.nanoseconds &+= 100
        return current
    }
}
