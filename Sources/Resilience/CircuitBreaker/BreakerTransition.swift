/// One state change of a circuit breaker: the event the engine logs and the dashboard shows.
///
/// It carries the window's counts at the moment of the change, before any clearing, so an
/// observer can say "tripped at 12 failures of 20 calls" (gobreaker #72: its callback ran after the
/// counts were reset).
public struct BreakerTransition: Sendable, Hashable, CustomStringConvertible {
    /// State before.
    public var from: BreakerState
    /// State after.
    public var to: BreakerState
    /// Which rule or command caused it.
    public var reason: TransitionReason
    /// When, on the breaker's clock.
    public var at: Instant
    /// The counts at the moment of the change.
    public var counts: Counts
    /// The breaker generation this transition started; orders transitions delivered on different threads.
    public var generation: UInt64

    /// Creates a transition.
    public init(
        from: BreakerState, to: BreakerState, reason: TransitionReason, at: Instant, counts: Counts,
        generation: UInt64
    ) {
        self.from = from
        self.to = to
        self.reason = reason
        self.at = at
        self.counts = counts
        self.generation = generation
    }

    /// The window and streak at one instant.
    public struct Counts: Sendable, Hashable {
        /// Calls in the sliding window.
        public var calls: Int
        /// Failed calls in the sliding window.
        public var failures: Int
        /// Slow calls in the sliding window.
        public var slowCalls: Int
        /// Consecutive failures.
        public var consecutiveFailures: Int

        /// Creates counts.
        public init(calls: Int = 0, failures: Int = 0, slowCalls: Int = 0, consecutiveFailures: Int = 0) {
            self.calls = calls
            self.failures = failures
            self.slowCalls = slowCalls
            self.consecutiveFailures = consecutiveFailures
        }
    }

    /// E.g. "closed → open: 5 consecutive failures ≥ 5".
    public var description: String { "\(from.rawValue) → \(to.rawValue): \(reason)" }
}
