/// Circuit-breaker policy for one endpoint (`breaker:`), as written in the config.
///
/// A plain value: the engine maps it onto the Resilience breaker's own configuration. The loader
/// has already rejected combinations that could never trip or never close.
public struct BreakerSpec: Sendable, Hashable {
    /// Consecutive recorded failures that open the breaker; 0 switches this rule off.
    public var failureThreshold: Int
    /// Failure rate over the window that opens the breaker (0...1), if set.
    public var failureRate: Double?
    /// The sliding window for the rate rules.
    public var window: Window?
    /// Calls the window must hold before a rate is judged.
    public var minimumCalls: Int
    /// A call slower than this is "slow" for `slowCallRate`.
    public var slowCall: Duration?
    /// Slow-call rate over the window that opens the breaker (0...1), if set.
    public var slowCallRate: Double?
    /// How long an open breaker waits before letting a trial probe through.
    public var recoveryTimeout: Duration
    /// Optional growth of the recovery timeout after each failed trial.
    public var recoveryBackoff: RecoveryBackoff?
    /// Trial calls allowed in half-open.
    public var halfOpenCalls: Int
    /// Trial successes needed to close (at most `halfOpenCalls`).
    public var halfOpenSuccesses: Int
    /// Which failure kinds the breaker records.
    public var record: [OutcomeKind]

    /// A count-based or time-based sliding window.
    public enum Window: Sendable, Hashable, CustomStringConvertible {
        /// The last N calls.
        case count(Int)
        /// The calls of the last duration.
        case duration(Duration)

        /// `20 calls` or `60s`.
        public var description: String {
            switch self {
            case .count(let count): return "\(count) calls"
            case .duration(let duration): return DurationParser.format(duration)
            }
        }
    }

    /// Exponential growth of the recovery timeout while trials keep failing.
    public struct RecoveryBackoff: Sendable, Hashable {
        /// Multiplier applied after each failed trial (≥ 1).
        public var factor: Double
        /// The recovery timeout never grows past this.
        public var max: Duration

        /// Creates a recovery backoff.
        public init(factor: Double = 2, max: Duration = .seconds(600)) {
            self.factor = factor
            self.max = max
        }
    }

    /// Creates a breaker policy; the defaults are the issue's: 5 consecutive failures, 60 s recovery,
    /// one trial call.
    public init(
        failureThreshold: Int = 5, failureRate: Double? = nil, window: Window? = nil, minimumCalls: Int = 10,
        slowCall: Duration? = nil, slowCallRate: Double? = nil, recoveryTimeout: Duration = .seconds(60),
        recoveryBackoff: RecoveryBackoff? = nil, halfOpenCalls: Int = 1, halfOpenSuccesses: Int? = nil,
        record: [OutcomeKind] = OutcomeKind.defaultRecorded
    ) {
        self.failureThreshold = failureThreshold
        self.failureRate = failureRate
        self.window = window
        self.minimumCalls = minimumCalls
        self.slowCall = slowCall
        self.slowCallRate = slowCallRate
        self.recoveryTimeout = recoveryTimeout
        self.recoveryBackoff = recoveryBackoff
        self.halfOpenCalls = halfOpenCalls
        self.halfOpenSuccesses = halfOpenSuccesses ?? halfOpenCalls
        self.record = record
    }

    /// Whether the breaker records failures of `kind`.
    public func records(_ kind: OutcomeKind) -> Bool { record.contains(kind) }
}
