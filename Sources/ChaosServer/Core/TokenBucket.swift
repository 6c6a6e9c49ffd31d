import Resilience

/// A token bucket: the server-side rate limit behind `/ratelimit/{bucket}`.
///
/// The bucket arithmetic is ethotop's own limiter, ``RateLimiterStateMachine`` with no queue,
/// so the server and the client it tests count permits the same way; this adapter speaks in the
/// route's terms (tokens per second, a capacity) and answers with what the response needs.
struct TokenBucket: Sendable {
    /// What the bucket says about one request.
    enum Decision: Equatable {
        /// Admitted; `remaining` whole tokens are left.
        case allow(remaining: Int)
        /// Refused; a token will be available after `retryAfter`.
        case reject(retryAfter: Duration)
    }

    /// Tokens added per second.
    private(set) var rate: Double
    /// The most tokens the bucket holds (the burst).
    private(set) var capacity: Double
    private var machine: RateLimiterStateMachine

    /// A full bucket, or `nil` when `rate` or `capacity` is not positive.
    init?(rate: Double, capacity: Double, now: Instant) {
        guard let configuration = Self.configuration(rate: rate, capacity: capacity) else { return nil }
        self.rate = rate
        self.capacity = capacity
        self.machine = RateLimiterStateMachine(configuration: configuration, now: now)
    }

    /// Changes the limits in place (a request asked for different ones), keeping the tokens held.
    mutating func reconfigure(rate: Double, capacity: Double, now: Instant) {
        guard let configuration = Self.configuration(rate: rate, capacity: capacity) else { return }
        _ = machine.reconfigure(configuration, now: now)
        self.rate = rate
        self.capacity = capacity
    }

    /// Takes one token if there is one.
    mutating func take(now: Instant) -> Decision {
        let granted = machine.tryAcquire(now: now)
        let after = machine.snapshot(now: now, includeWaitPercentiles: false)
        return granted
            ? .allow(remaining: Int(after.permitsAvailable))
            : .reject(retryAfter: after.timeToNextPermit)
    }

    /// One token every `1 / rate` seconds, at most `capacity` held; no queue.
    private static func configuration(rate: Double, capacity: Double) -> RateLimiterConfiguration? {
        guard rate > 0, rate.isFinite, capacity >= 1, capacity.isFinite, capacity < Double(Int32.max) else {
            return nil
        }
        let period = (1e9 / rate).rounded()
        guard period >= 1, period < 1e18 else { return nil }
        return try? RateLimiterConfiguration(
            calls: 1, period: .nanoseconds(Int64(period)), burst: Int(capacity), maxQueue: 0, maxWait: .zero)
    }
}
