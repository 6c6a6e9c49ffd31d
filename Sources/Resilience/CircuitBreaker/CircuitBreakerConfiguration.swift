/// How a circuit breaker decides to trip, how long it stays open, and how it probes for recovery.
///
/// Every trip rule is optional; any rule that fires opens the breaker. The defaults are the
/// classic breaker (open after 5 consecutive failures, try again after 60 s with one trial call)
/// and leave the rate rules off until a threshold is configured. Values the state machine cannot
/// run with (a window of zero calls, zero trial calls) are clamped to the nearest runnable value;
/// ``validate()`` reports them, so a config loader can refuse them with a message instead.
public struct CircuitBreakerConfiguration: Sendable, Hashable {
    /// Trip after this many consecutive failures (`nil`: rule off). Default 5.
    ///
    /// A success resets the count; an ignored outcome leaves it alone. Unlike the rate rules it does
    /// not wait for ``minimumCalls``: five failures in a row are evidence enough.
    public var failureThreshold: Int?

    /// Trip when failures / calls in the ``window`` reaches this fraction (0 < rate ≤ 1; `nil`: off).
    ///
    /// Only evaluated once the window holds ``minimumCalls`` calls. Default `nil`.
    public var failureRateThreshold: Double?

    /// Trip when slow calls / calls in the ``window`` reaches this fraction (0 < rate ≤ 1; `nil`: off).
    ///
    /// A call is slow when it takes longer than ``slowCallDuration`` (resilience4j's slow-call
    /// detection), whether it succeeded or failed. Needs ``slowCallDuration``. Default `nil`.
    public var slowCallRateThreshold: Double?

    /// A call that takes longer than this is slow (`nil`: no call is slow). Default `nil`.
    ///
    /// Also used in half-open: when the slow-call rule is on, a slow trial call re-opens the breaker.
    public var slowCallDuration: Duration?

    /// The calls the rate rules look at: the last N calls, or the last T seconds in buckets.
    ///
    /// Default `.count(20)`: at a 1 s probe interval the rates describe the last 20 seconds.
    public var window: SlidingWindow

    /// The rate rules stay quiet ("warming up") until the window holds this many calls. Default 10.
    public var minimumCalls: Int

    /// How long the breaker stays open before a trial call is allowed. Default 60 s.
    public var recoveryTimeout: Duration

    /// Optional growth of the open time per consecutive trip (`nil`: always ``recoveryTimeout``).
    ///
    /// Consecutive trips are trips with no close in between; a close or an operator reset starts
    /// over. Default `nil`.
    public var recoveryBackoff: RecoveryBackoff?

    /// How many trial calls half-open admits. Default 1.
    public var halfOpenMaxCalls: Int

    /// How many trial successes close the breaker (1...halfOpenMaxCalls); defaults to all trials.
    ///
    /// Unless set explicitly it follows ``halfOpenMaxCalls``, so raising that alone keeps
    /// "every trial must succeed".
    public var halfOpenSuccesses: Int {
        get { explicitHalfOpenSuccesses ?? halfOpenMaxCalls }
        set { explicitHalfOpenSuccesses = newValue }
    }

    /// `halfOpenSuccesses` when set explicitly; `nil` follows `halfOpenMaxCalls`.
    var explicitHalfOpenSuccesses: Int?

    /// Creates a configuration; every parameter has the documented default.
    public init(
        failureThreshold: Int? = 5,
        failureRateThreshold: Double? = nil,
        slowCallRateThreshold: Double? = nil,
        slowCallDuration: Duration? = nil,
        window: SlidingWindow = .count(20),
        minimumCalls: Int = 10,
        recoveryTimeout: Duration = .seconds(60),
        recoveryBackoff: RecoveryBackoff? = nil,
        halfOpenMaxCalls: Int = 1,
        halfOpenSuccesses: Int? = nil
    ) {
        self.failureThreshold = failureThreshold
        self.failureRateThreshold = failureRateThreshold
        self.slowCallRateThreshold = slowCallRateThreshold
        self.slowCallDuration = slowCallDuration
        self.window = window
        self.minimumCalls = minimumCalls
        self.recoveryTimeout = recoveryTimeout
        self.recoveryBackoff = recoveryBackoff
        self.halfOpenMaxCalls = halfOpenMaxCalls
        self.explicitHalfOpenSuccesses = halfOpenSuccesses
    }

    /// The calls a breaker's rate rules are computed over.
    public enum SlidingWindow: Sendable, Hashable {
        /// The last `n` recorded calls (a fixed ring of `n` bytes).
        case count(Int)
        /// The calls of the last `duration`, kept in `buckets` equal time slices.
        ///
        /// Memory is bounded by the bucket count, not the call rate. The oldest slice leaves the
        /// window as a whole, so the window covers between `duration - duration/buckets` and
        /// `duration` of history.
        case time(Duration, buckets: Int = 10)
    }

    /// Exponential growth of the open time for a breaker that keeps failing its trials.
    ///
    /// The k-th consecutive trip waits `recoveryTimeout × multiplier^(k-1)`, capped at `maxTimeout`,
    /// so a service that is down for an hour is not probed every minute.
    public struct RecoveryBackoff: Sendable, Hashable {
        /// Growth factor per consecutive trip (≥ 1). Default 2.
        public var multiplier: Double
        /// The longest the breaker stays open (≥ recoveryTimeout). Default 10 minutes.
        public var maxTimeout: Duration

        /// Creates a backoff.
        public init(multiplier: Double = 2, maxTimeout: Duration = .seconds(600)) {
            self.multiplier = multiplier
            self.maxTimeout = maxTimeout
        }
    }
}

extension CircuitBreakerConfiguration {
    /// Configurations are equal when every setting reads the same, whether `halfOpenSuccesses` was set
    /// explicitly or follows `halfOpenMaxCalls` (so a config reload does not rebuild a breaker for nothing).
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.failureThreshold == rhs.failureThreshold && lhs.failureRateThreshold == rhs.failureRateThreshold
            && lhs.slowCallRateThreshold == rhs.slowCallRateThreshold
            && lhs.slowCallDuration == rhs.slowCallDuration && lhs.window == rhs.window
            && lhs.minimumCalls == rhs.minimumCalls && lhs.recoveryTimeout == rhs.recoveryTimeout
            && lhs.recoveryBackoff == rhs.recoveryBackoff && lhs.halfOpenMaxCalls == rhs.halfOpenMaxCalls
            && lhs.halfOpenSuccesses == rhs.halfOpenSuccesses
    }

    /// Hashes the settings as read (see ``==(_:_:)``).
    public func hash(into hasher: inout Hasher) {
        hasher.combine(failureThreshold)
        hasher.combine(failureRateThreshold)
        hasher.combine(slowCallRateThreshold)
        hasher.combine(slowCallDuration)
        hasher.combine(window)
        hasher.combine(minimumCalls)
        hasher.combine(recoveryTimeout)
        hasher.combine(recoveryBackoff)
        hasher.combine(halfOpenMaxCalls)
        hasher.combine(halfOpenSuccesses)
    }

    /// Largest count window accepted (bytes of ring per breaker).
    public static let maximumWindowCalls = 100_000
    /// Largest number of time-window buckets accepted.
    public static let maximumWindowBuckets = 1_000
    /// Largest `halfOpenMaxCalls` accepted (each trial in flight holds an 8-byte slot).
    public static let maximumHalfOpenCalls = 1_000

    /// The values the state machine runs with: each clamped into its runnable range.
    struct Effective: Sendable {
        var failureThreshold: Int?
        var failureRateThreshold: Double?
        var slowCallRateThreshold: Double?
        /// A call is slow when it takes strictly longer (kept as a `Duration`: comparing two is cheap,
        /// converting one to nanoseconds is not).
        var slowCallDuration: Duration?
        var minimumCalls: Int
        var recoveryNanos: Int64
        var backoffMultiplier: Double
        var backoffMaxNanos: Int64
        var halfOpenMaxCalls: Int
        var halfOpenSuccesses: Int
        /// Whether any rate rule can fire (saves the division on the hot path when none can).
        var hasRateRule: Bool
        /// Whether a slow trial call re-opens a half-open breaker.
        var slowTrialFails: Bool
    }

    var effective: Effective {
        let maxCalls = min(max(1, halfOpenMaxCalls), Self.maximumHalfOpenCalls)
        let recovery = max(0, recoveryTimeout.nanoseconds)
        let slowLimit = slowCallDuration.map { max(.zero, $0) }
        let slowRule = slowLimit == nil ? nil : slowCallRateThreshold
        return Effective(
            failureThreshold: failureThreshold.map { max(1, $0) },
            failureRateThreshold: failureRateThreshold,
            slowCallRateThreshold: slowRule,
            slowCallDuration: slowLimit,
            minimumCalls: max(1, minimumCalls),
            recoveryNanos: recovery,
            backoffMultiplier: recoveryBackoff.map { max(1, $0.multiplier.isNaN ? 1 : $0.multiplier) } ?? 1,
            backoffMaxNanos: max(recovery, recoveryBackoff?.maxTimeout.nanoseconds ?? recovery),
            halfOpenMaxCalls: maxCalls,
            halfOpenSuccesses: min(maxCalls, max(1, halfOpenSuccesses)),
            hasRateRule: failureRateThreshold != nil || slowRule != nil,
            slowTrialFails: slowRule != nil
        )
    }
}
