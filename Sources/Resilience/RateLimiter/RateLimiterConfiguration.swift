/// The parameters of a ``RateLimiter``: a token bucket of `calls` per `period` with a bounded,
/// bounded-wait FIFO queue.
///
/// The bucket refills continuously (one permit every `period / calls`) and holds at most `burst`
/// permits. Smooth refill spreads queued probes evenly instead of releasing them in a herd at a
/// period boundary (resilience4j's cycle refresh). The consequence, as for every token bucket
/// (Guava, golang.org/x/time/rate, Envoy): over any interval of length `T` at most
/// `burst + calls × T / period` permits fall due, so with the default `burst == calls` up to
/// `2 × calls` can pass in the first period after an idle spell. Set `burst: 1` for strict pacing,
/// which never grants more than `calls` in any period-long window. The long-run rate is exactly
/// `calls / period` either way. (The bound is on the instants permits fall due; a waiter is
/// resumed when the owner's timer fires, a few microseconds later.)
public struct RateLimiterConfiguration: Sendable, Hashable {
    /// Permits per period.
    public let calls: Int
    /// The period over which `calls` permits accrue.
    public let period: Duration
    /// Most permits the bucket holds, i.e. the largest burst after an idle spell (default `calls`).
    public let burst: Int
    /// Most callers waiting at once; an arrival beyond it is rejected with
    /// ``RateLimitError/queueFull(maxQueue:)`` (default 100; 0 disables queueing).
    public let maxQueue: Int
    /// Longest a caller may wait; an arrival whose estimated wait is longer is rejected at once
    /// with ``RateLimitError/waitWouldExceed(maxWait:estimated:)`` (default 5 s; zero disables waiting).
    public let maxWait: Duration

    /// Creates a configuration, rejecting values that would make the limiter meaningless.
    ///
    /// Throws rather than traps because these values come from the user's config file.
    public init(
        calls: Int, period: Duration, burst: Int? = nil, maxQueue: Int = 100, maxWait: Duration = .seconds(5)
    ) throws(RateLimiterConfigurationError) {
        let burst = burst ?? calls
        guard calls > 0 else { throw .nonPositiveCalls(calls) }
        guard period.nanoseconds > 0 else { throw .nonPositivePeriod(period) }
        guard burst > 0 else { throw .nonPositiveBurst(burst) }
        guard maxQueue >= 0 else { throw .negativeMaxQueue(maxQueue) }
        guard maxWait >= .zero else { throw .negativeMaxWait(maxWait) }
        self.calls = calls
        self.period = period
        self.burst = burst
        self.maxQueue = maxQueue
        self.maxWait = maxWait
        self.permitCost = Int128(period.nanoseconds)
        self.capacity = Int128(burst) * Int128(period.nanoseconds)
        self.refillPerNanosecond = Int64(calls)
    }

    // Derived once: `Duration.nanoseconds` divides 128-bit attoseconds, too slow for the hot path.
    // Credits are 128-bit so that `burst × period` never overflows (10^6 calls a day is 8.6 × 10^19
    // credits); the hot path only adds, multiplies 64 × 64 bits and compares.

    /// Credits one permit costs: the period in nanoseconds.
    let permitCost: Int128
    /// Credits the bucket holds when full.
    let capacity: Int128
    /// Credits added per nanosecond.
    let refillPerNanosecond: Int64
}

/// Why a ``RateLimiterConfiguration`` was refused.
public enum RateLimiterConfigurationError: Error, Sendable, Hashable {
    /// `calls` must be at least 1.
    case nonPositiveCalls(Int)
    /// `period` must be at least 1 ns.
    case nonPositivePeriod(Duration)
    /// `burst` must be at least 1.
    case nonPositiveBurst(Int)
    /// `maxQueue` must not be negative.
    case negativeMaxQueue(Int)
    /// `maxWait` must not be negative.
    case negativeMaxWait(Duration)
}
