/// The trip rules, the half-open verdict and the recovery backoff.
extension CircuitBreakerStateMachine {
    /// Checks the trip rules in order (streak, failure rate, slow rate); trips on the first that fires.
    mutating func evaluateTripRules(now: Instant) -> BreakerTransition? {
        if let threshold = limits.failureThreshold, consecutiveFailures >= threshold {
            return trip(
                reason: .consecutiveFailures(count: consecutiveFailures, threshold: threshold), now: now)
        }
        guard limits.hasRateRule else { return nil }
        let totals = window.totals
        guard totals.calls >= limits.minimumCalls else { return nil }
        let calls = Double(totals.calls)
        if let threshold = limits.failureRateThreshold {
            let rate = Double(totals.failures) / calls
            if rate >= threshold {
                return trip(
                    reason: .failureRate(rate: rate, threshold: threshold, calls: totals.calls), now: now)
            }
        }
        if let threshold = limits.slowCallRateThreshold, let limit = limits.slowCallDuration {
            let rate = Double(totals.slow) / calls
            if rate >= threshold {
                let reason = TransitionReason.slowCallRate(
                    rate: rate, threshold: threshold, calls: totals.calls, slowerThan: limit
                )
                return trip(reason: reason, now: now)
            }
        }
        return nil
    }

    /// Applies a trial's outcome to the half-open ledger.
    mutating func recordTrial(
        _ outcome: CallOutcome, slow: Bool, duration: Duration, trials: Trials, now: Instant
    ) -> BreakerTransition? {
        var trials = trials
        trials.inFlight -= 1
        if slow { totals.slow += 1 }
        switch outcome {
        case .ignored:
            totals.ignored += 1
            trials.admitted -= 1
            current = .halfOpen(trials)
            return nil
        case .failure:
            totals.failed += 1
            let reason = TransitionReason.trialFailed(
                succeeded: trials.succeeded, required: limits.halfOpenSuccesses)
            return trip(reason: reason, now: now)
        case .success:
            totals.succeeded += 1
            if slow && limits.slowTrialFails, let limit = limits.slowCallDuration {
                return trip(
                    reason: .trialTooSlow(duration: duration, slowerThan: limit), now: now)
            }
            trials.succeeded += 1
            guard trials.succeeded >= limits.halfOpenSuccesses else {
                current = .halfOpen(trials)
                return nil
            }
            let reason = TransitionReason.trialsSucceeded(
                count: trials.succeeded, required: limits.halfOpenSuccesses)
            let transition = move(to: .closed, reason: reason, now: now)
            clearEvidence()
            return transition
        }
    }

    /// Opens the breaker for the open time of the next consecutive trip.
    mutating func trip(reason: TransitionReason, now: Instant) -> BreakerTransition {
        consecutiveTrips += 1
        trips += 1
        let timeout = recoveryTimeout(forTrip: consecutiveTrips)
        return move(
            to: .open(trialDueAt: now.advanced(by: timeout), timeout: timeout), reason: reason, now: now)
    }

    /// The open time of the `trip`-th consecutive trip: `recoveryTimeout × multiplier^(trip-1)`, capped.
    public func recoveryTimeout(forTrip trip: Int) -> Duration {
        let base = limits.recoveryNanos
        guard trip > 1, base > 0, limits.backoffMultiplier > 1 else { return .nanoseconds(base) }
        let cap = Double(limits.backoffMaxNanos)
        var nanos = Double(base)
        for _ in 1..<trip {
            nanos *= limits.backoffMultiplier
            if nanos >= cap { return .nanoseconds(limits.backoffMaxNanos) }
        }
        return .nanoseconds(Int64(nanos))
    }
}
