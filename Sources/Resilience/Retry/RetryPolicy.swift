/// When and how often a failed call is tried again.
///
/// A plain value: the config layer builds one per endpoint and hands it to ``Retry``.
/// ``RetrySchedule`` applies it one failure at a time.
public struct RetryPolicy: Sendable, Hashable {
    /// The most attempts per call, the first one included (so `1` means "never retry").
    public var maxTries: Int
    /// The most time a call may spend, measured from the start of its first attempt: a retry
    /// whose delay would end after this is not made.
    public var maxTime: Duration
    /// How the delay ceiling grows with each retry.
    public var backoff: Backoff
    /// How the delay is randomised under the ceiling.
    public var jitter: Jitter
    /// The largest single delay, whatever the backoff, the jitter or a server's `Retry-After` say.
    public var maxDelay: Duration

    /// Creates a policy; the defaults are 3 tries, 30 s, exponential backoff from 100 ms with
    /// full jitter, and no single delay above 10 s.
    public init(
        maxTries: Int = 3, maxTime: Duration = .seconds(30), backoff: Backoff = .default,
        jitter: Jitter = .full, maxDelay: Duration = .seconds(10)
    ) {
        self.maxTries = max(maxTries, 1)
        self.maxTime = maxTime
        self.backoff = backoff
        self.jitter = jitter
        self.maxDelay = maxDelay
    }

    /// The policy defaults.
    public static let `default` = RetryPolicy()

    /// A policy that never retries: one attempt, nothing else.
    public static let never = RetryPolicy(maxTries: 1)

    /// The cap every delay is held under: ``maxDelay`` and the backoff's own cap, whichever is less.
    public var effectiveCap: Duration {
        guard let backoffCap = backoff.maxDelay else { return max(maxDelay, .zero) }
        return max(min(maxDelay, backoffCap), .zero)
    }

    /// The delay before retry number `retry` (1-based).
    ///
    /// A server's `Retry-After` hint, when given, replaces the computed (and jittered) delay,
    /// still held under ``effectiveCap`` — the server knows when it will be ready, but a hint of
    /// an hour must not park an endpoint for an hour.
    ///
    /// - Parameters:
    ///   - retry: which retry this is, from 1.
    ///   - previous: the previous actual delay (decorrelated jitter grows from it).
    ///   - retryAfter: the server's hint, if any.
    ///   - generator: the source of randomness.
    public func delay(
        forRetry retry: Int, previous: Duration?, retryAfter: Duration? = nil,
        using generator: inout some RandomNumberGenerator
    ) -> Duration {
        let cap = effectiveCap
        if let retryAfter { return min(max(retryAfter, .zero), cap) }
        return jitter.delay(
            ceiling: backoff.ceiling(forRetry: retry), base: backoff.base, cap: cap,
            previous: previous, using: &generator)
    }
}
