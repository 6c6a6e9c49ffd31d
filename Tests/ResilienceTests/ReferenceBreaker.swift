@testable import Resilience

/// A deliberately naive model of the circuit breaker, for the property-based test.
///
/// It keeps every outcome in a plain list and recomputes the window by filtering it, tracks trial
/// permits by id in a set, and computes the backoff with integer doubling, so that it shares no
/// code or data structure with ``CircuitBreakerStateMachine``. It assumes a valid configuration
/// (the generator only makes valid ones) and a clock that never goes backwards.
struct ReferenceBreaker {
    enum Mode: Equatable {
        case closed
        case open(due: Int64, timeout: Int64)
        case halfOpen
        case forcedOpen
        case disabled

        var state: BreakerState {
            switch self {
            case .closed: .closed
            case .open: .open
            case .halfOpen: .halfOpen
            case .forcedOpen: .forcedOpen
            case .disabled: .disabled
            }
        }
    }

    struct Permit: Equatable {
        var id: Int
        var generation: UInt64
        var kind: BreakerPermit.Kind
    }

    enum Acquired: Equatable {
        case permit(Permit, BreakerTransition?)
        case rejected(CircuitOpenError)
    }

    struct Entry {
        var at: Int64
        var failure: Bool
        var slow: Bool
    }

    let config: CircuitBreakerConfiguration
    var mode = Mode.closed
    var generation: UInt64 = 0
    var history: [Entry] = []
    var streak = 0
    var run = 0
    var trips = 0
    var trialIDs: Set<Int> = []
    var trialsAdmitted = 0
    var trialsSucceeded = 0
    var nextID = 0
    var enteredAt: Int64 = 0
    var lastTransition: BreakerTransition?
    var totals = CircuitBreakerStateMachine.Totals()

    init(_ config: CircuitBreakerConfiguration) { self.config = config }

    // MARK: Window

    /// The entries the rate rules see at `now`.
    func windowEntries(now: Int64) -> [Entry] {
        switch config.window {
        case .count(let size):
            return Array(history.suffix(size))
        case .time(let duration, let buckets):
            let width = duration.nanoseconds / Int64(buckets)
            let current = floorDiv(now, width)
            return history.filter { floorDiv($0.at, width) > current - Int64(buckets) }
        }
    }

    func counts(now: Int64) -> BreakerTransition.Counts {
        let entries = windowEntries(now: now)
        return .init(
            calls: entries.count, failures: entries.filter(\.failure).count,
            slowCalls: entries.filter(\.slow).count,
            consecutiveFailures: streak)
    }

    private func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        (a >= 0 ? a : a - b + 1) / b
    }

    // MARK: Rules

    func timeout(forTrip trip: Int) -> Int64 {
        let base = config.recoveryTimeout.nanoseconds
        guard let backoff = config.recoveryBackoff else { return base }
        let cap = backoff.maxTimeout.nanoseconds
        var value = base
        for _ in 1..<max(1, trip) {
            value *= Int64(backoff.multiplier)  // the generator uses whole multipliers
            if value >= cap { return cap }
        }
        return min(value, cap)
    }

    private mutating func move(to mode: Mode, _ reason: TransitionReason, now: Int64) -> BreakerTransition {
        generation += 1
        let transition = BreakerTransition(
            from: self.mode.state, to: mode.state, reason: reason, at: Instant(nanoseconds: now),
            counts: counts(now: now), generation: generation)
        self.mode = mode
        enteredAt = now
        lastTransition = transition
        if mode == .halfOpen {
            trialIDs = []
            trialsAdmitted = 0
            trialsSucceeded = 0
        }
        return transition
    }

    private mutating func trip(_ reason: TransitionReason, now: Int64) -> BreakerTransition {
        run += 1
        trips += 1
        let wait = timeout(forTrip: run)
        return move(to: .open(due: now + wait, timeout: wait), reason, now: now)
    }

    private mutating func forget() {
        history = []
        streak = 0
        run = 0
    }

    // MARK: Events

    mutating func acquire(now: Int64) -> Acquired {
        switch mode {
        case .closed, .disabled:
            return .permit(issue(mode == .closed ? .normal : .unguarded), nil)
        case .forcedOpen:
            totals.rejected += 1
            return .rejected(CircuitOpenError(state: .forcedOpen, trialDueIn: nil))
        case .open(let due, let timeout):
            if now < due {
                totals.rejected += 1
                return .rejected(CircuitOpenError(state: .open, trialDueIn: .nanoseconds(due - now)))
            }
            let transition = move(to: .halfOpen, .recoveryElapsed(timeout: .nanoseconds(timeout)), now: now)
            return .permit(admitTrial(), transition)
        case .halfOpen:
            if trialsAdmitted < config.halfOpenMaxCalls { return .permit(admitTrial(), nil) }
            totals.rejected += 1
            return .rejected(CircuitOpenError(state: .halfOpen, trialDueIn: nil))
        }
    }

    private mutating func issue(_ kind: BreakerPermit.Kind) -> Permit {
        nextID += 1
        totals.permitted += 1
        return Permit(id: nextID, generation: generation, kind: kind)
    }

    private mutating func admitTrial() -> Permit {
        let permit = issue(.trial)
        trialIDs.insert(permit.id)
        trialsAdmitted += 1
        return permit
    }

    mutating func record(_ outcome: CallOutcome, duration: Int64, permit: Permit, now: Int64)
        -> BreakerTransition?
    {
        let slow = config.slowCallDuration.map { duration > $0.nanoseconds } ?? false
        guard permit.generation == generation else {
            totals.stale += 1
            return nil
        }
        switch mode {
        case .closed, .disabled:
            if slow { totals.slow += 1 }
            switch outcome {
            case .ignored:
                totals.ignored += 1
                return nil
            case .success:
                totals.succeeded += 1
                streak = 0
            case .failure:
                totals.failed += 1
                streak += 1
            }
            history.append(Entry(at: now, failure: outcome == .failure, slow: slow))
            return mode == .closed ? checkRules(now: now) : nil
        case .halfOpen:
            guard permit.kind == .trial, trialIDs.remove(permit.id) != nil else {
                totals.stale += 1
                return nil
            }
            if slow { totals.slow += 1 }
            switch outcome {
            case .ignored:
                totals.ignored += 1
                trialsAdmitted -= 1
                return nil
            case .failure:
                totals.failed += 1
                return trip(
                    .trialFailed(succeeded: trialsSucceeded, required: config.halfOpenSuccesses), now: now)
            case .success:
                totals.succeeded += 1
                if slow, config.slowCallRateThreshold != nil, let limit = config.slowCallDuration {
                    return trip(.trialTooSlow(duration: .nanoseconds(duration), slowerThan: limit), now: now)
                }
                trialsSucceeded += 1
                if trialsSucceeded < config.halfOpenSuccesses { return nil }
                let transition = move(
                    to: .closed, .trialsSucceeded(count: trialsSucceeded, required: config.halfOpenSuccesses),
                    now: now)
                forget()
                return transition
            }
        case .open, .forcedOpen:
            totals.stale += 1
            return nil
        }
    }

    private mutating func checkRules(now: Int64) -> BreakerTransition? {
        if let threshold = config.failureThreshold, streak >= threshold {
            return trip(.consecutiveFailures(count: streak, threshold: threshold), now: now)
        }
        let entries = windowEntries(now: now)
        guard entries.count >= config.minimumCalls else { return nil }
        if let threshold = config.failureRateThreshold {
            let rate = Double(entries.filter(\.failure).count) / Double(entries.count)
            if rate >= threshold {
                return trip(.failureRate(rate: rate, threshold: threshold, calls: entries.count), now: now)
            }
        }
        if let threshold = config.slowCallRateThreshold, let limit = config.slowCallDuration {
            let rate = Double(entries.filter(\.slow).count) / Double(entries.count)
            if rate >= threshold {
                return trip(
                    .slowCallRate(rate: rate, threshold: threshold, calls: entries.count, slowerThan: limit),
                    now: now)
            }
        }
        return nil
    }

    mutating func command(_ action: TransitionReason.OperatorAction, now: Int64) -> BreakerTransition? {
        switch (action, mode) {
        case (.reset, .closed):
            generation += 1
            forget()
            return nil
        case (.reset, _):
            let transition = move(to: .closed, .operator(.reset), now: now)
            forget()
            return transition
        case (.forceOpen, .forcedOpen), (.disable, .disabled):
            return nil
        case (.forceOpen, _):
            return move(to: .forcedOpen, .operator(.forceOpen), now: now)
        case (.disable, _):
            return move(to: .disabled, .operator(.disable), now: now)
        case (.release, .forcedOpen):
            return move(to: .halfOpen, .operator(.release), now: now)
        case (.release, .disabled):
            return move(to: .closed, .operator(.release), now: now)
        case (.tryNow, .open):
            return move(to: .halfOpen, .operator(.tryNow), now: now)
        case (.release, _), (.tryNow, _):
            return nil
        }
    }
}
