import Resilience

/// A token bucket: the server-side rate limit behind `/ratelimit/{bucket}`.
///
/// A value-type state machine as everywhere in ethotop: it takes `now` and returns a decision,
/// and the owner applies it under a lock. Refill is continuous at `rate` tokens per second up to
/// `capacity`.
struct TokenBucket: Sendable, Equatable {
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
    private var tokens: Double
    private var updatedAt: Instant

    /// A full bucket, or `nil` when `rate` or `capacity` is not positive.
    init?(rate: Double, capacity: Double, now: Instant) {
        guard rate > 0, rate.isFinite, capacity >= 1, capacity.isFinite else { return nil }
        self.rate = rate
        self.capacity = capacity
        self.tokens = capacity
        self.updatedAt = now
    }

    /// Changes the limits in place (a request asked for different ones), keeping the tokens held.
    mutating func reconfigure(rate: Double, capacity: Double, now: Instant) {
        refill(now: now)
        self.rate = rate
        self.capacity = capacity
        tokens = min(tokens, capacity)
    }

    /// Takes one token if there is one.
    mutating func take(now: Instant) -> Decision {
        refill(now: now)
        if tokens >= 1 {
            tokens -= 1
            return .allow(remaining: Int(tokens))
        }
        let wait = (1 - tokens) / rate
        return .reject(retryAfter: .nanoseconds(Int64((wait * 1e9).rounded(.up))))
    }

    private mutating func refill(now: Instant) {
        let elapsed = max(0, (now - updatedAt).seconds)
        tokens = min(capacity, tokens + elapsed * rate)
        updatedAt = max(updatedAt, now)
    }
}
