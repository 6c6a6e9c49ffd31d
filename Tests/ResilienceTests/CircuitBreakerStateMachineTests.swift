import Testing

@testable import Resilience

/// The automatic rows of the state table and the half-open ledger, driven transition by transition.
@Suite struct CircuitBreakerStateMachineTests {
    @Test func closedAdmitsAndRecords() {
        var driver = BreakerDriver()
        #expect(driver.call(.success) == nil)
        #expect(driver.call(.failure) == nil)
        #expect(driver.call(.ignored) == nil)
        let snapshot = driver.snapshot
        #expect(snapshot.state == .closed)
        #expect(snapshot.window.calls == 2)
        #expect(snapshot.window.failures == 1)
        #expect(snapshot.consecutiveFailures == 1)
        #expect(snapshot.totals.permitted == 3)
        #expect(snapshot.totals.succeeded == 1)
        #expect(snapshot.totals.failed == 1)
        #expect(snapshot.totals.ignored == 1)
    }

    @Test func consecutiveFailuresTripAtThreshold() throws {
        var driver = BreakerDriver(.init(failureThreshold: 5))
        driver.calls(4, .failure)
        driver.call(.success)  // resets the streak
        #expect(driver.calls(4, .failure) == nil)
        #expect(driver.snapshot.consecutiveFailures == 4)
        driver.advance(.seconds(3))
        let transitionResult = driver.call(.failure)
        let transition = try #require(transitionResult)
        #expect(transition.from == .closed)
        #expect(transition.to == .open)
        #expect(transition.reason == .consecutiveFailures(count: 5, threshold: 5))
        #expect(transition.reason.description == "5 consecutive failures ≥ 5")
        #expect(transition.at == Instant.zero + .seconds(3))
        // Counts at the moment of the trip (gobreaker #72).
        #expect(transition.counts == .init(calls: 10, failures: 9, slowCalls: 0, consecutiveFailures: 5))
        #expect(driver.state == .open)
        #expect(driver.snapshot.trips == 1)
        #expect(driver.snapshot.lastTransition == transition)
    }

    @Test func ignoredOutcomesNeitherBreakNorExtendTheStreak() {
        var driver = BreakerDriver(.init(failureThreshold: 3))
        driver.calls(2, .failure)
        driver.calls(5, .ignored)
        #expect(driver.snapshot.consecutiveFailures == 2)
        #expect(driver.snapshot.window.calls == 2)
        #expect(driver.call(.failure)?.to == .open)
    }

    @Test func openRejectsWithTimeUntilTrialThenHalfOpensOnAcquire() throws {
        var driver = BreakerDriver(.init(failureThreshold: 1, recoveryTimeout: .seconds(60)))
        driver.call(.failure)
        driver.advance(.seconds(45))
        let errorResult = driver.rejection()
        let error = try #require(errorResult)
        #expect(error == CircuitOpenError(state: .open, trialDueIn: .seconds(15)))
        #expect(error.description == "circuit open: trial call due in 15s")
        #expect(driver.snapshot.trialDueIn == .seconds(15))
        #expect(!driver.snapshot.isTrialDue)

        driver.advance(.seconds(15))
        #expect(driver.snapshot.isTrialDue)
        #expect(driver.snapshot.state == .open)
        #expect(driver.snapshot.summary == "trial due")

        guard case .permitted(let permit, let transition) = driver.acquire() else {
            Issue.record("the due trial must be admitted")
            return
        }
        #expect(permit.kind == .trial)
        #expect(transition?.from == .open)
        #expect(transition?.to == .halfOpen)
        #expect(transition?.reason == .recoveryElapsed(timeout: .seconds(60)))
        #expect(transition?.reason.description == "recovery timeout 1m elapsed")
        #expect(
            driver.snapshot.halfOpen
                == .init(permitted: 1, admitted: 1, inFlight: 1, succeeded: 0, required: 1))
    }

    @Test func halfOpenAdmitsOnlyItsTrialsAndASuccessCloses() throws {
        var driver = BreakerDriver(.init(failureThreshold: 2, recoveryTimeout: .seconds(10)))
        driver.calls(2, .failure)
        driver.advance(.seconds(10))
        let trial = driver.permit()
        let busyResult = driver.rejection()
        let busy = try #require(busyResult)
        #expect(busy == CircuitOpenError(state: .halfOpen, trialDueIn: nil))
        let transitionResult = driver.record(.success, trial)
        let transition = try #require(transitionResult)
        #expect(transition.from == .halfOpen)
        #expect(transition.to == .closed)
        #expect(transition.reason == .trialsSucceeded(count: 1, required: 1))
        let snapshot = driver.snapshot
        #expect(snapshot.state == .closed)
        #expect(snapshot.window.calls == 0, "closing clears the window")
        #expect(snapshot.consecutiveFailures == 0)
        #expect(snapshot.consecutiveTrips == 0)
        #expect(snapshot.totals.rejected == 1)
    }

    @Test func halfOpenFailureReopensAndCountsAConsecutiveTrip() throws {
        var driver = BreakerDriver(
            .init(failureThreshold: 1, recoveryTimeout: .seconds(10), recoveryBackoff: .init(multiplier: 3)))
        driver.call(.failure)
        driver.advance(.seconds(10))
        let transitionResult = driver.call(.failure)
        let transition = try #require(transitionResult)
        #expect(transition.from == .halfOpen)
        #expect(transition.to == .open)
        #expect(transition.reason == .trialFailed(succeeded: 0, required: 1))
        #expect(driver.snapshot.consecutiveTrips == 2)
        #expect(driver.snapshot.trips == 2)
        #expect(driver.snapshot.trialDueIn == .seconds(30))
    }

    @Test func halfOpenLedgerWithSeveralConcurrentTrials() throws {
        let configuration = CircuitBreakerConfiguration(
            failureThreshold: 1, recoveryTimeout: .seconds(1), halfOpenMaxCalls: 3, halfOpenSuccesses: 2)
        var driver = BreakerDriver(configuration)
        driver.call(.failure)
        driver.advance(.seconds(1))
        let first = driver.permit()
        let second = driver.permit()
        let third = driver.permit()
        _ = driver.rejection()
        #expect(
            driver.snapshot.halfOpen
                == .init(permitted: 3, admitted: 3, inFlight: 3, succeeded: 0, required: 2))
        #expect(driver.record(.success, second) == nil)
        #expect(
            driver.snapshot.halfOpen
                == .init(permitted: 3, admitted: 3, inFlight: 2, succeeded: 1, required: 2))
        #expect(driver.snapshot.summary == "trials 1/2 ok, 2 in flight")
        let transitionResult = driver.record(.success, first)
        let transition = try #require(transitionResult)
        #expect(transition.reason == .trialsSucceeded(count: 2, required: 2))
        // The third trial finishes after the breaker closed: stale, not counted in the new window.
        #expect(driver.record(.failure, third) == nil)
        #expect(driver.snapshot.window.calls == 0)
        #expect(driver.snapshot.totals.stale == 1)
    }

    @Test func anyTrialFailureReopensEvenAfterSuccesses() throws {
        var driver = BreakerDriver(
            .init(failureThreshold: 1, recoveryTimeout: .seconds(1), halfOpenMaxCalls: 3))
        driver.call(.failure)
        driver.advance(.seconds(1))
        let a = driver.permit()
        let b = driver.permit()
        driver.record(.success, a)
        let transitionResult = driver.record(.failure, b)
        let transition = try #require(transitionResult)
        #expect(transition.reason == .trialFailed(succeeded: 1, required: 3))
        #expect(driver.state == .open)
    }

    @Test func ignoredTrialGivesItsSlotBack() throws {
        var driver = BreakerDriver(.init(failureThreshold: 1, recoveryTimeout: .seconds(1)))
        driver.call(.failure)
        driver.advance(.seconds(1))
        let cancelled = driver.permit()
        _ = driver.rejection()
        #expect(driver.record(.ignored, cancelled) == nil)
        #expect(driver.snapshot.halfOpen?.admitted == 0)
        let retry = driver.permit()
        #expect(retry?.kind == .trial)
        #expect(driver.record(.success, retry)?.to == .closed)
    }

    @Test func trialRecordedTwiceIsCaughtAsStale() throws {
        var driver = BreakerDriver(
            .init(failureThreshold: 1, recoveryTimeout: .seconds(1), halfOpenMaxCalls: 2))
        driver.call(.failure)
        driver.advance(.seconds(1))
        let a = driver.permit()
        _ = driver.permit()
        driver.record(.success, a)
        #expect(driver.record(.success, a) == nil, "a second record of one trial must not close the breaker")
        #expect(driver.state == .halfOpen)
        #expect(driver.snapshot.totals.stale == 1)
        #expect(driver.snapshot.halfOpen?.succeeded == 1)
    }

    @Test func slowTrialReopensWhenTheSlowRuleIsOn() throws {
        let configuration = CircuitBreakerConfiguration(
            failureThreshold: 1, slowCallRateThreshold: 0.5, slowCallDuration: .seconds(2),
            recoveryTimeout: .seconds(1))
        var driver = BreakerDriver(configuration)
        driver.call(.failure)
        driver.advance(.seconds(1))
        let transitionResult = driver.call(.success, duration: .seconds(3))
        let transition = try #require(transitionResult)
        #expect(transition.reason == .trialTooSlow(duration: .seconds(3), slowerThan: .seconds(2)))
        #expect(transition.to == .open)
    }

    @Test func slowTrialDoesNotCountWithoutTheSlowRule() {
        var driver = BreakerDriver(
            .init(failureThreshold: 1, slowCallDuration: .seconds(2), recoveryTimeout: .seconds(1)))
        driver.call(.failure)
        driver.advance(.seconds(1))
        #expect(driver.call(.success, duration: .seconds(3))?.to == .closed)
        #expect(driver.snapshot.totals.slow == 1)
    }

    @Test func staleClosedPermitAfterTripDoesNotCountAsTrial() throws {
        var driver = BreakerDriver(.init(failureThreshold: 1, recoveryTimeout: .seconds(1)))
        let early = driver.permit()
        driver.call(.failure)
        driver.advance(.seconds(1))
        let trial = driver.permit()
        #expect(driver.record(.success, early) == nil, "a call from before the trip is no trial")
        #expect(driver.state == .halfOpen)
        #expect(driver.snapshot.halfOpen?.succeeded == 0)
        #expect(driver.record(.success, trial)?.to == .closed)
        #expect(driver.snapshot.totals.stale == 1)
    }

    @Test func snapshotNeverChangesState() {
        var driver = BreakerDriver(.init(failureThreshold: 1, recoveryTimeout: .seconds(5)))
        driver.call(.failure)
        driver.advance(.seconds(600))
        let before = driver.snapshot
        for _ in 0..<10 { _ = driver.machine.snapshot(now: driver.now) }
        #expect(driver.snapshot == before)
        #expect(driver.state == .open)
        #expect(driver.machine.generation == before.generation)
        #expect(before.isTrialDue)
        #expect(before.trialDueIn == .seconds(-595))
        #expect(before.timeInState == .seconds(600))
    }

    @Test func forcedOpenRejectsEverything() throws {
        var driver = BreakerDriver()
        _ = driver.machine.forceOpen(now: driver.now)
        driver.advance(.seconds(3_600))
        for _ in 0..<3 {
            #expect(driver.rejection() == CircuitOpenError(state: .forcedOpen, trialDueIn: nil))
        }
        #expect(driver.snapshot.totals.rejected == 3)
    }

    @Test func disabledRecordsButNeverRejectsOrTrips() {
        var driver = BreakerDriver(.init(failureThreshold: 2, failureRateThreshold: 0.5, minimumCalls: 2))
        _ = driver.machine.disable(now: driver.now)
        #expect(driver.calls(50, .failure) == nil)
        let snapshot = driver.snapshot
        #expect(snapshot.state == .disabled)
        #expect(snapshot.consecutiveFailures == 50)
        #expect(snapshot.window.calls == 20)
        #expect(snapshot.failureRate == 1)
        #expect(snapshot.trips == 0)
    }
}
