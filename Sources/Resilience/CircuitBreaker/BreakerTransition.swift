/// One state change of a circuit breaker: the event the engine logs and the dashboard shows.
///
/// It carries the window's counts at the moment of the change, before any clearing, so an
/// observer can say "tripped at 12 failures of 20 calls" (gobreaker #72: its callback ran after the
/// counts were reset).
///
/// A value with reference storage: the fields live in one immutable object allocated when the
/// transition happens (rarely), so that the results of the hot-path methods that *may* carry a
/// transition (`acquire`, `record`) stay a few words wide instead of ~100 bytes copied per call.
public struct BreakerTransition: Sendable, Hashable, CustomStringConvertible {
    private final class Storage: Sendable {
        let from: BreakerState
        let to: BreakerState
        let reason: TransitionReason
        let at: Instant
        let counts: Counts
        let generation: UInt64

        init(
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
    }

    private let storage: Storage

    /// State before.
    public var from: BreakerState { storage.from }
    /// State after.
    public var to: BreakerState { storage.to }
    /// Which rule or command caused it.
    public var reason: TransitionReason { storage.reason }
    /// When, on the breaker's clock.
    public var at: Instant { storage.at }
    /// The counts at the moment of the change.
    public var counts: Counts { storage.counts }
    /// The breaker generation this transition started; orders transitions delivered on different threads.
    public var generation: UInt64 { storage.generation }

    /// Creates a transition.
    public init(
        from: BreakerState, to: BreakerState, reason: TransitionReason, at: Instant, counts: Counts,
        generation: UInt64
    ) {
        storage = Storage(from: from, to: to, reason: reason, at: at, counts: counts, generation: generation)
    }

    /// Transitions are equal when every field is.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.storage === rhs.storage
            || (lhs.from == rhs.from && lhs.to == rhs.to && lhs.reason == rhs.reason && lhs.at == rhs.at
                && lhs.counts == rhs.counts && lhs.generation == rhs.generation)
    }

    /// Hashes every field.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(from)
        hasher.combine(to)
        hasher.combine(reason)
        hasher.combine(at)
        hasher.combine(counts)
        hasher.combine(generation)
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
