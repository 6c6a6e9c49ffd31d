import Testing

@testable import Resilience

/// Operator commands: every row of the command table, including commands that do not apply.
@Suite struct CircuitBreakerOperatorTests {
    typealias Action = TransitionReason.OperatorAction

    /// A driver whose breaker is in `state`, reached through the public API.
    private func driver(in state: BreakerState) -> BreakerDriver {
        var driver = BreakerDriver(.init(failureThreshold: 1, recoveryTimeout: .seconds(30)))
        switch state {
        case .closed: break
        case .open: driver.call(.failure)
        case .halfOpen:
            driver.call(.failure)
            driver.advance(.seconds(30))
            _ = driver.permit()
        case .forcedOpen: _ = driver.machine.forceOpen(now: driver.now)
        case .disabled: _ = driver.machine.disable(now: driver.now)
        }
        #expect(driver.state == state)
        return driver
    }

    /// (command, from) → expected state after (nil: no transition, state unchanged).
    static let table: [(Action, BreakerState, BreakerState?)] = [
        (.reset, .closed, nil), (.reset, .open, .closed), (.reset, .halfOpen, .closed),
        (.reset, .forcedOpen, .closed), (.reset, .disabled, .closed),
        (.forceOpen, .closed, .forcedOpen), (.forceOpen, .open, .forcedOpen),
        (.forceOpen, .halfOpen, .forcedOpen),
        (.forceOpen, .forcedOpen, nil), (.forceOpen, .disabled, .forcedOpen),
        (.disable, .closed, .disabled), (.disable, .open, .disabled), (.disable, .halfOpen, .disabled),
        (.disable, .forcedOpen, .disabled), (.disable, .disabled, nil),
        (.release, .closed, nil), (.release, .open, nil), (.release, .halfOpen, nil),
        (.release, .forcedOpen, .halfOpen), (.release, .disabled, .closed),
        (.tryNow, .closed, nil), (.tryNow, .open, .halfOpen), (.tryNow, .halfOpen, nil),
        (.tryNow, .forcedOpen, nil), (.tryNow, .disabled, nil),
    ]

    @Test(arguments: 0..<table.count)
    func commandTable(_ row: Int) {
        let (action, from, expected) = Self.table[row]
        var driver = driver(in: from)
        driver.advance(.seconds(1))
        let generation = driver.machine.generation
        let transition = driver.machine.apply(action, now: driver.now)
        if let expected {
            #expect(transition?.from == from)
            #expect(transition?.to == expected)
            #expect(transition?.reason == .operator(action))
            #expect(transition?.at == driver.now)
            #expect(driver.state == expected)
            #expect(driver.machine.generation == generation + 1)
            #expect(driver.snapshot.lastTransition == transition)
            #expect(driver.snapshot.timeInState == .zero)
        } else {
            #expect(transition == nil)
            #expect(driver.state == from)
        }
    }

    @Test func resetClearsWindowStreakAndMakesInFlightCallsStale() {
        var driver = BreakerDriver(.init(failureThreshold: 3))
        driver.calls(2, .failure)
        let inFlight = driver.permit()
        #expect(driver.machine.reset(now: driver.now) == nil, "already closed: no transition")
        #expect(driver.snapshot.window.calls == 0)
        #expect(driver.snapshot.consecutiveFailures == 0)
        driver.record(.failure, inFlight)
        #expect(driver.snapshot.consecutiveFailures == 0, "a call from before the reset must not count")
        #expect(driver.snapshot.totals.stale == 1)
        driver.calls(2, .failure)
        #expect(driver.state == .closed)
    }

    @Test func releaseFromForcedOpenSendsTrialCalls() throws {
        var driver = BreakerDriver(.init(halfOpenMaxCalls: 2))
        _ = driver.machine.forceOpen(now: driver.now)
        _ = driver.machine.release(now: driver.now)
        #expect(
            driver.snapshot.halfOpen
                == .init(permitted: 2, admitted: 0, inFlight: 0, succeeded: 0, required: 2))
        driver.calls(2, .success)
        #expect(driver.state == .closed)
        #expect(driver.snapshot.lastTransition?.reason == .trialsSucceeded(count: 2, required: 2))
    }

    @Test func releaseFromDisabledKeepsTheEvidence() throws {
        var driver = BreakerDriver(.init(failureThreshold: 3))
        _ = driver.machine.disable(now: driver.now)
        driver.calls(5, .failure)
        _ = driver.machine.release(now: driver.now)
        #expect(driver.state == .closed)
        #expect(driver.snapshot.consecutiveFailures == 5)
        let transitionResult = driver.call(.failure)
        let transition = try #require(transitionResult)
        #expect(transition.reason == .consecutiveFailures(count: 6, threshold: 3))
    }

    @Test func tryNowMovesOpenToHalfOpenWithoutWaiting() {
        var driver = BreakerDriver(.init(failureThreshold: 1, recoveryTimeout: .seconds(3_600)))
        driver.call(.failure)
        let transition = driver.machine.tryNow(now: driver.now)
        #expect(transition?.reason == .operator(.tryNow))
        #expect(transition?.reason.description == "operator: try-now")
        #expect(driver.call(.success)?.to == .closed)
    }

    @Test func forceOpenMakesHalfOpenTrialsStale() {
        var driver = driver(in: .open)
        driver.advance(.seconds(30))
        let trial = driver.permit()
        _ = driver.machine.forceOpen(now: driver.now)
        _ = driver.machine.release(now: driver.now)
        #expect(driver.record(.success, trial) == nil)
        #expect(driver.state == .halfOpen, "the old trial must not close the new half-open")
        #expect(driver.snapshot.halfOpen?.succeeded == 0)
    }
}
