/// The circuit breaker's logic as a value: no clock, no lock, no side effects.
///
/// Every event method takes `now` and returns what happened (a permit, a rejection, the
/// ``BreakerTransition`` produced), so tests drive it transition by transition and the owner
/// (``CircuitBreaker``) applies it under a lock and runs callbacks outside. Modelled on
/// async-http-client's `HTTPRequestStateMachine`.
///
/// State table (automatic rules; operator commands in `CircuitBreakerStateMachine+Operator.swift`):
///
/// | from | event | to | reason |
/// | --- | --- | --- | --- |
/// | closed | failure, streak ≥ `failureThreshold` | open | `consecutiveFailures` |
/// | closed | record, window ≥ `minimumCalls`, failure rate ≥ threshold | open | `failureRate` |
/// | closed | record, window ≥ `minimumCalls`, slow rate ≥ threshold | open | `slowCallRate` |
/// | open | acquire after the open time | half-open (+ first trial) | `recoveryElapsed` |
/// | half-open | `halfOpenSuccesses`-th trial success | closed (window cleared) | `trialsSucceeded` |
/// | half-open | trial failure | open (backoff grows) | `trialFailed` |
/// | half-open | slow trial success, slow rule on | open (backoff grows) | `trialTooSlow` |
///
/// Reading (``snapshot(now:)``, ``state``) never changes state: an open breaker whose time is up
/// stays open ("trial due") until a call arrives or an operator says `tryNow`.
public struct CircuitBreakerStateMachine: Sendable {
    /// The breaker's state with the data only that state has.
    enum State: Sendable, Hashable {
        case closed
        /// Rejecting until `trialDueAt`; `timeout` is the open time that applied (after backoff).
        case open(trialDueAt: Instant, timeout: Duration)
        case halfOpen(Trials)
        case forcedOpen
        case disabled

        var breakerState: BreakerState {
            switch self {
            case .closed: .closed
            case .open: .open
            case .halfOpen: .halfOpen
            case .forcedOpen: .forcedOpen
            case .disabled: .disabled
            }
        }
    }

    /// The half-open ledger.
    struct Trials: Sendable, Hashable {
        /// Trial permits handed out (an ignored trial gives its slot back).
        var admitted = 0
        var inFlight = 0
        var succeeded = 0
    }

    /// The result of asking for a permit.
    public enum AcquireAction: Sendable, Hashable {
        /// Run the call, then record its outcome with this permit. `transition` is set when
        /// admitting it moved the breaker (open → half-open for the first trial).
        case permitted(BreakerPermit, transition: BreakerTransition?)
        /// Do not run the call.
        case rejected(CircuitOpenError)
    }

    /// Lifetime counters: every permit, rejection and recorded outcome since the machine was made.
    ///
    /// Invariant: `permitted == succeeded + failed + ignored + stale + (outcomes still outstanding)`.
    public struct Totals: Sendable, Hashable {
        /// Calls admitted.
        public var permitted = 0
        /// Calls rejected.
        public var rejected = 0
        /// Outcomes recorded as success (stale ones excluded).
        public var succeeded = 0
        /// Outcomes recorded as failure (stale ones excluded).
        public var failed = 0
        /// Outcomes recorded as ignored (stale ones excluded).
        public var ignored = 0
        /// Outcomes (of any kind, stale excluded) slower than `slowCallDuration`.
        public var slow = 0
        /// Outcomes of permits from an earlier generation: counted here only.
        public var stale = 0

        /// Creates counters.
        public init() {}
    }

    /// The configuration as written (see ``CircuitBreakerConfiguration/validate()``).
    public let configuration: CircuitBreakerConfiguration
    /// The configuration as run: clamped into runnable ranges.
    let limits: CircuitBreakerConfiguration.Effective
    /// The current state and its data.
    var current: State
    /// The calls the rate rules look at.
    private(set) var window: BreakerOutcomeWindow
    /// Consecutive failures recorded while closed or disabled (a success resets it).
    public internal(set) var consecutiveFailures = 0
    /// Bumped on every transition and on reset; permits of older generations are stale.
    public internal(set) var generation: UInt64 = 0
    /// When the current state was entered.
    public internal(set) var enteredAt: Instant
    /// Automatic trips (entries into `open`) since the machine was made.
    public internal(set) var trips = 0
    /// Trips since the last close or reset; drives ``CircuitBreakerConfiguration/recoveryBackoff``.
    public internal(set) var consecutiveTrips = 0
    /// The most recent transition.
    public internal(set) var lastTransition: BreakerTransition?
    /// Lifetime counters.
    public internal(set) var totals = Totals()
    /// The last ticket handed out (tickets start at 1; 0 marks a free trial slot).
    private var lastTicket: UInt64 = 0
    /// Tickets of the half-open trials in flight: `halfOpenMaxCalls` slots, allocated once.
    private var trialTickets: [UInt64]

    /// A closed breaker at `now`.
    public init(configuration: CircuitBreakerConfiguration = .init(), now: Instant) {
        self.configuration = configuration
        limits = configuration.effective
        current = .closed
        window = BreakerOutcomeWindow(configuration.window, now: now)
        trialTickets = Array(repeating: 0, count: limits.halfOpenMaxCalls)
        enteredAt = now
    }

    /// The current state. Reading it changes nothing.
    public var state: BreakerState { current.breakerState }

    /// Asks to run a call at `now`.
    ///
    /// Closed and disabled admit; forced-open rejects; open rejects until its time is up, then
    /// moves to half-open and admits the first trial; half-open admits up to `halfOpenMaxCalls` trials.
    public mutating func acquire(now: Instant) -> AcquireAction {
        switch current {
        case .closed:
            return .permitted(issue(.normal, now: now), transition: nil)
        case .disabled:
            return .permitted(issue(.unguarded, now: now), transition: nil)
        case .forcedOpen:
            totals.rejected += 1
            return .rejected(CircuitOpenError(state: .forcedOpen, trialDueIn: nil))
        case .open(let trialDueAt, let timeout):
            guard now >= trialDueAt else {
                totals.rejected += 1
                return .rejected(CircuitOpenError(state: .open, trialDueIn: now.duration(to: trialDueAt)))
            }
            let transition = move(
                to: .halfOpen(Trials()), reason: .recoveryElapsed(timeout: timeout), now: now)
            return .permitted(admitTrial(now: now), transition: transition)
        case .halfOpen(let trials):
            guard trials.admitted < limits.halfOpenMaxCalls else {
                totals.rejected += 1
                return .rejected(CircuitOpenError(state: .halfOpen, trialDueIn: nil))
            }
            return .permitted(admitTrial(now: now), transition: nil)
        }
    }

    /// Records the outcome of the call admitted with `permit`, which took `duration`.
    ///
    /// Returns the transition it caused, if any. An outcome of an earlier generation (the call started
    /// before a transition or reset) is counted as stale and changes nothing else.
    public mutating func record(
        _ outcome: CallOutcome, duration: Duration, permit: BreakerPermit, now: Instant
    ) -> BreakerTransition? {
        guard permit.generation == generation else {
            totals.stale += 1
            return nil
        }
        var slow = false
        if let limit = limits.slowCallDuration, duration > limit { slow = true }
        switch current {
        case .closed:
            guard permit.kind == .normal else { break }
            count(outcome, slow: slow, now: now)
            return outcome == .ignored ? nil : evaluateTripRules(now: now)
        case .disabled:
            guard permit.kind == .unguarded else { break }
            count(outcome, slow: slow, now: now)
            return nil
        case .halfOpen(let trials):
            guard permit.kind == .trial, let slot = trialTickets.firstIndex(of: permit.ticket) else { break }
            trialTickets[slot] = 0
            return recordTrial(outcome, slow: slow, duration: duration, trials: trials, now: now)
        case .open, .forcedOpen:
            break
        }
        // A permit of this generation that this state never issued: keep it out of every count.
        totals.stale += 1
        return nil
    }

    // MARK: - Internals

    /// Counts an outcome of a closed or disabled breaker into the totals, the streak and the window.
    mutating func count(_ outcome: CallOutcome, slow: Bool, now: Instant) {
        if slow { totals.slow += 1 }
        switch outcome {
        case .ignored:
            totals.ignored += 1
            return
        case .success:
            totals.succeeded += 1
            consecutiveFailures = 0
        case .failure:
            totals.failed += 1
            consecutiveFailures += 1
        }
        window.record(failure: outcome == .failure, slow: slow, now: now)
    }

    /// Hands out one half-open trial permit (the state must be half-open, with a free slot).
    private mutating func admitTrial(now: Instant) -> BreakerPermit {
        let permit = issue(.trial, now: now)
        if case .halfOpen(var trials) = current, let slot = trialTickets.firstIndex(of: 0) {
            trialTickets[slot] = permit.ticket
            trials.admitted += 1
            trials.inFlight += 1
            current = .halfOpen(trials)
        }
        return permit
    }

    /// Issues a permit of the current generation.
    private mutating func issue(_ kind: BreakerPermit.Kind, now: Instant) -> BreakerPermit {
        totals.permitted += 1
        lastTicket &+= 1
        return BreakerPermit(generation: generation, ticket: lastTicket, kind: kind, acquiredAt: now)
    }

    /// Forgets the window, the streak and the trip run: the breaker starts over as healthy.
    mutating func clearEvidence() {
        window.clear()
        consecutiveFailures = 0
        consecutiveTrips = 0
    }

    /// Enters `state`, starting a new generation, and returns the transition (counts taken before any clearing).
    mutating func move(to state: State, reason: TransitionReason, now: Instant) -> BreakerTransition {
        let totals = window.totals(at: now)
        generation &+= 1
        let transition = BreakerTransition(
            from: current.breakerState, to: state.breakerState, reason: reason, at: now,
            counts: .init(
                calls: totals.calls, failures: totals.failures, slowCalls: totals.slow,
                consecutiveFailures: consecutiveFailures),
            generation: generation)
        current = state
        enteredAt = now
        lastTransition = transition
        if case .halfOpen = state {
            for slot in trialTickets.indices { trialTickets[slot] = 0 }
        }
        return transition
    }

}
