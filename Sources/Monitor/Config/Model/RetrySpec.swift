/// Retry policy for one endpoint (`retry:`), as written in the config.
public struct RetrySpec: Sendable, Hashable {
    /// Attempts per probe, the first included (1 = no retries).
    public var maxTries: Int
    /// Total time a probe may spend across its attempts.
    public var maxTime: Duration
    /// How the delay grows between attempts.
    public var backoff: Backoff
    /// The first delay.
    public var base: Duration
    /// The delay never exceeds this.
    public var maxDelay: Duration
    /// Growth factor for exponential backoff.
    public var factor: Double
    /// How the delay is randomised.
    public var jitter: Jitter
    /// Retries allowed as a fraction of recent first attempts (0...1); `nil` means unlimited.
    public var budget: Double?

    /// Delay growth.
    public enum Backoff: String, Sendable, Hashable, CaseIterable {
        /// Always `base`.
        case constant
        /// `base × attempt`.
        case linear
        /// `base × factor^(attempt-1)`.
        case exponential
    }

    /// Delay randomisation (see the AWS Architecture Blog, "Exponential Backoff And Jitter").
    public enum Jitter: String, Sendable, Hashable, CaseIterable {
        /// The computed delay exactly.
        case none
        /// Uniform in 0...delay.
        case full
        /// delay/2 + uniform in 0...delay/2.
        case equal
        /// Uniform in base...(previous × 3), capped.
        case decorrelated
    }

    /// Creates a retry policy; the defaults are the issue's: 3 tries within 30 s, exponential from
    /// 200 ms to 10 s with full jitter, 20% budget.
    public init(
        maxTries: Int = 3, maxTime: Duration = .seconds(30), backoff: Backoff = .exponential,
        base: Duration = .milliseconds(200), maxDelay: Duration = .seconds(10), factor: Double = 2,
        jitter: Jitter = .full, budget: Double? = 0.2
    ) {
        self.maxTries = maxTries
        self.maxTime = maxTime
        self.backoff = backoff
        self.base = base
        self.maxDelay = maxDelay
        self.factor = factor
        self.jitter = jitter
        self.budget = budget
    }
}
