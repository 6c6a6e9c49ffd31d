import Testing

@testable import Resilience

@Suite struct CircuitBreakerConfigurationTests {
    @Test func defaultsAreTheSeedsBreaker() {
        let configuration = CircuitBreakerConfiguration()
        #expect(configuration.failureThreshold == 5)
        #expect(configuration.failureRateThreshold == nil)
        #expect(configuration.slowCallRateThreshold == nil)
        #expect(configuration.recoveryTimeout == .seconds(60))
        #expect(configuration.halfOpenMaxCalls == 1)
        #expect(configuration.halfOpenSuccesses == 1)
        #expect(configuration.window == .count(20))
        #expect(configuration.minimumCalls == 10)
        #expect(configuration.validate().isEmpty)
    }

    @Test func halfOpenSuccessesFollowsMaxCallsUnlessSet() {
        var configuration = CircuitBreakerConfiguration()
        configuration.halfOpenMaxCalls = 4
        #expect(configuration.halfOpenSuccesses == 4)
        configuration.halfOpenSuccesses = 2
        configuration.halfOpenMaxCalls = 5
        #expect(configuration.halfOpenSuccesses == 2)
        #expect(
            CircuitBreakerConfiguration(halfOpenMaxCalls: 3)
                == .init(halfOpenMaxCalls: 3, halfOpenSuccesses: 3),
            "equal settings are equal however they were written")
        #expect(
            CircuitBreakerConfiguration(halfOpenMaxCalls: 3)
                != .init(halfOpenMaxCalls: 3, halfOpenSuccesses: 2))
    }

    @Test func validateReportsUnreachableCombinations() {
        typealias Issue = CircuitBreakerConfiguration.Issue
        let cases: [(CircuitBreakerConfiguration, Issue)] = [
            (.init(halfOpenMaxCalls: 0), .halfOpenMaxCallsOutOfRange(0)),
            (
                .init(halfOpenMaxCalls: 2, halfOpenSuccesses: 3),
                .halfOpenSuccessesOutOfRange(successes: 3, maxCalls: 2)
            ),
            (.init(halfOpenSuccesses: 0), .halfOpenSuccessesOutOfRange(successes: 0, maxCalls: 1)),
            (.init(failureRateThreshold: 1.5), .rateOutOfRange(setting: "failureRateThreshold", value: 1.5)),
            (.init(failureRateThreshold: 0), .rateOutOfRange(setting: "failureRateThreshold", value: 0)),
            (
                .init(slowCallRateThreshold: -0.1, slowCallDuration: .seconds(1)),
                .rateOutOfRange(setting: "slowCallRateThreshold", value: -0.1)
            ),
            (.init(slowCallRateThreshold: 0.5), .slowRateWithoutDuration),
            (.init(slowCallDuration: .zero), .slowCallDurationNotPositive(.zero)),
            (.init(failureThreshold: nil), .noTripRule),
            (.init(failureThreshold: 0), .failureThresholdNotPositive(0)),
            (.init(window: .count(0)), .windowSizeOutOfRange(0)),
            (.init(window: .time(.zero, buckets: 5)), .windowDurationNotPositive(.zero)),
            (.init(window: .time(.seconds(10), buckets: 0)), .windowBucketsOutOfRange(0)),
            (.init(window: .time(.nanoseconds(3), buckets: 5)), .windowBucketsOutOfRange(5)),
            (.init(minimumCalls: 0), .minimumCallsNotPositive(0)),
            (
                .init(failureRateThreshold: 0.5, window: .count(5), minimumCalls: 6),
                .minimumCallsExceedWindow(minimumCalls: 6, windowSize: 5)
            ),
            (.init(recoveryTimeout: .seconds(-1)), .recoveryTimeoutNegative(.seconds(-1))),
            (.init(recoveryBackoff: .init(multiplier: 0.5)), .backoffMultiplierBelowOne(0.5)),
            (
                .init(recoveryBackoff: .init(maxTimeout: .seconds(10))),
                .backoffCapBelowRecoveryTimeout(cap: .seconds(10), recoveryTimeout: .seconds(60))
            ),
        ]
        for (configuration, issue) in cases {
            #expect(configuration.validate() == [issue])
            #expect(!issue.description.isEmpty)
        }
        #expect(
            CircuitBreakerConfiguration(window: .count(5), minimumCalls: 6).validate().isEmpty,
            "minimumCalls only matters when a rate rule is on")
    }

    @Test func clampedConfigurationStillRuns() {
        // halfOpenMaxCalls 0 would never close; the machine runs it as 1 (validate() reports it).
        var driver = BreakerDriver(
            .init(
                failureThreshold: 1, window: .count(0), minimumCalls: 0, recoveryTimeout: .seconds(-5),
                halfOpenMaxCalls: 0))
        driver.call(.failure)
        #expect(driver.state == .open)
        #expect(driver.call(.success)?.to == .closed)
    }

    @Test func reasonDescriptions() {
        #expect(
            TransitionReason.failureRate(rate: 0.625, threshold: 0.5, calls: 20).description
                == "failure rate 62.5% ≥ 50% over 20 calls")
        #expect(
            TransitionReason.consecutiveFailures(count: 1, threshold: 1).description
                == "1 consecutive failure ≥ 1")
        #expect(
            TransitionReason.trialsSucceeded(count: 3, required: 3).description
                == "3 of 3 trial calls succeeded")
        #expect(TransitionReason.operator(.forceOpen).description == "operator: force-open")
        #expect(
            TransitionReason.recoveryElapsed(timeout: .seconds(150)).description
                == "recovery timeout 2m30s elapsed")
        #expect(BreakerFormat.duration(.milliseconds(1_500)) == "1.5s")
        #expect(BreakerFormat.duration(.milliseconds(250)) == "250ms")
        #expect(BreakerFormat.duration(.seconds(7_500)) == "2h5m")
        #expect(
            CircuitOpenError(state: .forcedOpen, trialDueIn: nil).description
                == "circuit forced open by an operator")
    }

    @Test func operatorActionsSpellTheDashboardCommands() {
        #expect(
            TransitionReason.OperatorAction.allCases.map(\.rawValue) == [
                "reset", "force_open", "disable", "release", "try_now",
            ])
    }
}
