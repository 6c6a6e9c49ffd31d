/// Everything a dashboard shows about one breaker at one instant; taking it changes nothing.
///
/// Produced by ``CircuitBreakerStateMachine/snapshot(now:)`` (or ``CircuitBreaker/snapshot()``)
/// without mutating: an open breaker whose time is up reads as `.open` with ``isTrialDue``, and a
/// time window's expired buckets are left out of the counts without being cleared.
public struct CircuitBreakerSnapshot: Sendable, Hashable {
    /// Current state.
    public var state: BreakerState
    /// The breaker generation (bumped by every transition and reset).
    public var generation: UInt64
    /// The window's counts now, and the streak.
    public var window: BreakerTransition.Counts
    /// The rate rules' `minimumCalls`.
    public var minimumCalls: Int
    /// Failures / calls in the window, or `nil` while warming up.
    public var failureRate: Double?
    /// Slow calls / calls in the window, or `nil` while warming up or when no `slowCallDuration` is set.
    public var slowCallRate: Double?
    /// When the current state was entered.
    public var enteredAt: Instant
    /// Time spent in the current state.
    public var timeInState: Duration
    /// For an open breaker: when a trial call will be admitted.
    public var trialDueAt: Instant?
    /// For an open breaker: time until then (zero or less: due now, waiting for a call or `tryNow`).
    public var trialDueIn: Duration?
    /// For a half-open breaker: its trial ledger.
    public var halfOpen: HalfOpenLedger?
    /// Automatic trips since start.
    public var trips: Int
    /// Trips since the last close or reset (what the recovery backoff is at).
    public var consecutiveTrips: Int
    /// The open time the next trip would get (after backoff).
    public var nextRecoveryTimeout: Duration
    /// The most recent transition.
    public var lastTransition: BreakerTransition?
    /// Lifetime counters.
    public var totals: CircuitBreakerStateMachine.Totals

    /// Calls in the window.
    public var callsInWindow: Int { window.calls }
    /// Consecutive failures now.
    public var consecutiveFailures: Int { window.consecutiveFailures }
    /// Whether the rate rules are still waiting for `minimumCalls` calls.
    public var isWarmingUp: Bool { window.calls < minimumCalls }
    /// Whether an open breaker's trial is due (the next call will be admitted as a trial).
    public var isTrialDue: Bool { trialDueIn.map { $0 <= .zero } ?? false }

    /// A short status for a dashboard cell, e.g. "failure rate 35%", "warming up: 3 of 10 calls",
    /// "trial due in 12s", "trial due", "trials 1/3 ok, 1 in flight".
    public var summary: String {
        switch state {
        case .open:
            guard let trialDueIn, trialDueIn > .zero else { return "trial due" }
            return "trial due in \(BreakerFormat.duration(trialDueIn))"
        case .halfOpen:
            guard let halfOpen else { return "half-open" }
            return "trials \(halfOpen.succeeded)/\(halfOpen.required) ok, \(halfOpen.inFlight) in flight"
        case .forcedOpen:
            return "forced open"
        case .closed, .disabled:
            guard let failureRate else { return "warming up: \(window.calls) of \(minimumCalls) calls" }
            return "failure rate \(BreakerFormat.percent(failureRate))"
        }
    }

    /// Trial calls of a half-open breaker.
    public struct HalfOpenLedger: Sendable, Hashable {
        /// Trial calls allowed (`halfOpenMaxCalls`).
        public var permitted: Int
        /// Trial calls admitted so far (an ignored trial gives its slot back).
        public var admitted: Int
        /// Trial calls running now.
        public var inFlight: Int
        /// Trial calls that succeeded.
        public var succeeded: Int
        /// Trial calls that failed: always 0 while half-open, because the first failure re-opens.
        public var failed: Int
        /// Successes needed to close (`halfOpenSuccesses`).
        public var required: Int

        /// Creates a ledger.
        public init(
            permitted: Int, admitted: Int, inFlight: Int, succeeded: Int, failed: Int = 0, required: Int
        ) {
            self.permitted = permitted
            self.admitted = admitted
            self.inFlight = inFlight
            self.succeeded = succeeded
            self.failed = failed
            self.required = required
        }
    }
}

extension CircuitBreakerStateMachine {
    /// The breaker as seen at `now`. Non-mutating: reading never moves a breaker.
    public func snapshot(now: Instant) -> CircuitBreakerSnapshot {
        let counts = window.totals(at: now)
        let warm = counts.calls >= limits.minimumCalls && counts.calls > 0
        var trialDueAt: Instant?
        var ledger: CircuitBreakerSnapshot.HalfOpenLedger?
        switch current {
        case .open(let dueAt, _): trialDueAt = dueAt
        case .halfOpen(let trials):
            ledger = .init(
                permitted: limits.halfOpenMaxCalls, admitted: trials.admitted, inFlight: trials.inFlight,
                succeeded: trials.succeeded, required: limits.halfOpenSuccesses)
        case .closed, .forcedOpen, .disabled: break
        }
        return CircuitBreakerSnapshot(
            state: state,
            generation: generation,
            window: .init(
                calls: counts.calls, failures: counts.failures, slowCalls: counts.slow,
                consecutiveFailures: consecutiveFailures),
            minimumCalls: limits.minimumCalls,
            failureRate: warm ? Double(counts.failures) / Double(counts.calls) : nil,
            slowCallRate: warm && limits.slowCallDuration != nil
                ? Double(counts.slow) / Double(counts.calls) : nil,
            enteredAt: enteredAt,
            timeInState: enteredAt.duration(to: now),
            trialDueAt: trialDueAt,
            trialDueIn: trialDueAt.map { now.duration(to: $0) },
            halfOpen: ledger,
            trips: trips,
            consecutiveTrips: consecutiveTrips,
            nextRecoveryTimeout: recoveryTimeout(forTrip: consecutiveTrips + 1),
            lastTransition: lastTransition,
            totals: totals
        )
    }
}
