import Testing

@testable import Resilience

/// The rate rules, their windows and warm-up, and the recovery backoff.
@Suite struct CircuitBreakerTripRuleTests {
    private func rateOnly(
        _ threshold: Double, window: CircuitBreakerConfiguration.SlidingWindow, minimumCalls: Int
    ) -> CircuitBreakerConfiguration {
        .init(
            failureThreshold: nil, failureRateThreshold: threshold, window: window, minimumCalls: minimumCalls
        )
    }

    @Test func failureRateWaitsForMinimumCalls() throws {
        var driver = BreakerDriver(rateOnly(0.5, window: .count(20), minimumCalls: 10))
        #expect(driver.calls(9, .failure) == nil, "nine failures are still warming up")
        let warming = driver.snapshot
        #expect(warming.isWarmingUp)
        #expect(warming.failureRate == nil)
        #expect(warming.summary == "warming up: 9 of 10 calls")
        let transitionResult = driver.call(.failure)
        let transition = try #require(transitionResult)
        #expect(transition.reason == .failureRate(rate: 1, threshold: 0.5, calls: 10))
    }

    @Test func failureRateTripsAtThresholdOverCountWindow() throws {
        var driver = BreakerDriver(rateOnly(0.5, window: .count(20), minimumCalls: 20))
        for _ in 0..<9 {
            driver.call(.success)
            driver.call(.failure)
        }
        driver.call(.success)
        #expect(driver.snapshot.failureRate == nil)
        let transitionResult = driver.call(.failure)
        let transition = try #require(transitionResult)
        #expect(transition.reason == .failureRate(rate: 0.5, threshold: 0.5, calls: 20))
        #expect(transition.reason.description == "failure rate 50% ≥ 50% over 20 calls")
        #expect(transition.counts.failures == 10)
    }

    @Test func countWindowSlides() {
        var driver = BreakerDriver(rateOnly(0.75, window: .count(4), minimumCalls: 4))
        driver.calls(2, .failure)
        driver.calls(2, .success)
        #expect(driver.snapshot.failureRate == 0.5)
        driver.call(.success)  // the oldest failure leaves
        #expect(driver.snapshot.window == .init(calls: 4, failures: 1, slowCalls: 0, consecutiveFailures: 0))
        driver.calls(2, .failure)  // window: S S F F
        #expect(driver.state == .closed)
        #expect(driver.snapshot.failureRate == 0.5)
        let transition = driver.call(.failure)  // window: S F F F
        #expect(transition?.reason == .failureRate(rate: 0.75, threshold: 0.75, calls: 4))
    }

    @Test func timeWindowExpiresWholeBuckets() throws {
        // 10 s in 10 buckets of 1 s; the window holds epochs (now-10, now].
        var driver = BreakerDriver(rateOnly(0.5, window: .time(.seconds(10), buckets: 10), minimumCalls: 4))
        driver.calls(3, .failure)
        driver.advance(.seconds(9))
        #expect(driver.snapshot.window.calls == 3, "still inside the window")
        driver.advance(.seconds(1))
        #expect(driver.snapshot.window.calls == 0, "the first bucket left the window, read without mutating")
        #expect(driver.machine.window.totals.calls == 3, "reading did not clear anything")
        driver.call(.failure)
        driver.calls(3, .success)
        #expect(driver.state == .closed, "old failures expired: 1 of 4 is 25%")
        #expect(driver.snapshot.failureRate == 0.25)
        driver.advance(.milliseconds(500))
        #expect(driver.call(.failure) == nil, "2 of 5 is 40%")
        #expect(driver.snapshot.failureRate == 0.4)
        let tripResult = driver.call(.failure)
        let trip = try #require(tripResult)
        #expect(trip.reason == .failureRate(rate: 0.5, threshold: 0.5, calls: 6))
    }

    @Test func timeWindowSurvivesLongGapsAndPartialAdvances() {
        var driver = BreakerDriver(rateOnly(1, window: .time(.seconds(4), buckets: 4), minimumCalls: 100))
        for second in 0..<8 {
            driver.calls(second + 1, .failure)
            let expected = (max(0, second - 3)...second).reduce(0) { $0 + $1 + 1 }
            #expect(driver.snapshot.window.calls == expected, "at \(second)s")
            driver.advance(.seconds(1))
        }
        driver.advance(.seconds(3_600))
        #expect(driver.snapshot.window.calls == 0)
        driver.call(.success)
        #expect(driver.snapshot.window == .init(calls: 1, failures: 0, slowCalls: 0, consecutiveFailures: 0))
    }

    @Test func slowCallRateTrips() throws {
        let configuration = CircuitBreakerConfiguration(
            failureThreshold: nil, slowCallRateThreshold: 0.5, slowCallDuration: .seconds(1),
            window: .count(4),
            minimumCalls: 4)
        var driver = BreakerDriver(configuration)
        driver.call(.success, duration: .seconds(1))  // exactly the limit is not slow
        driver.call(.success, duration: .milliseconds(10))
        driver.call(.failure, duration: .seconds(5))  // slow failures count as slow too
        #expect(driver.snapshot.window.slowCalls == 1)
        let transitionResult = driver.call(.success, duration: .milliseconds(1_001))
        let transition = try #require(transitionResult)
        #expect(
            transition.reason == .slowCallRate(rate: 0.5, threshold: 0.5, calls: 4, slowerThan: .seconds(1)))
        #expect(transition.reason.description == "slow-call rate 50% ≥ 50% over 4 calls (slower than 1s)")
        #expect(transition.counts.slowCalls == 2)
    }

    @Test func slowCallRateIsReportedEvenWithoutTheRule() {
        var driver = BreakerDriver(.init(slowCallDuration: .milliseconds(100), minimumCalls: 2))
        driver.call(.success, duration: .milliseconds(200))
        driver.call(.success, duration: .milliseconds(50))
        #expect(driver.snapshot.slowCallRate == 0.5)
        #expect(driver.state == .closed)
    }

    @Test func rulesAreCheckedInOrderStreakFirst() throws {
        let configuration = CircuitBreakerConfiguration(
            failureThreshold: 3, failureRateThreshold: 0.5, window: .count(10), minimumCalls: 3)
        var driver = BreakerDriver(configuration)
        driver.calls(2, .failure)
        let transitionResult = driver.call(.failure)
        let transition = try #require(transitionResult)
        #expect(transition.reason == .consecutiveFailures(count: 3, threshold: 3))
    }

    @Test func recoveryBackoffGrowsPerConsecutiveTripAndIsCapped() throws {
        let configuration = CircuitBreakerConfiguration(
            failureThreshold: 1, recoveryTimeout: .seconds(60),
            recoveryBackoff: .init(multiplier: 2, maxTimeout: .seconds(300)))
        var driver = BreakerDriver(configuration)
        driver.call(.failure)
        var waits: [Duration] = []
        for _ in 0..<5 {
            let due = try #require(driver.snapshot.trialDueIn)
            waits.append(due)
            driver.advance(due)
            driver.call(.failure)  // the trial fails
        }
        #expect(waits == [.seconds(60), .seconds(120), .seconds(240), .seconds(300), .seconds(300)])
        #expect(driver.snapshot.consecutiveTrips == 6)

        // A close starts the run over.
        driver.advance(.seconds(300))
        driver.call(.success)
        #expect(driver.state == .closed)
        #expect(driver.snapshot.nextRecoveryTimeout == .seconds(60))
        driver.call(.failure)
        #expect(driver.snapshot.trialDueIn == .seconds(60))
    }

    @Test func operatorResetAlsoResetsTheBackoff() {
        let configuration = CircuitBreakerConfiguration(
            failureThreshold: 1, recoveryTimeout: .seconds(10), recoveryBackoff: .init(multiplier: 10))
        var driver = BreakerDriver(configuration)
        driver.call(.failure)
        driver.advance(.seconds(10))
        driver.call(.failure)
        #expect(driver.snapshot.trialDueIn == .seconds(100))
        _ = driver.machine.reset(now: driver.now)
        driver.call(.failure)
        #expect(driver.snapshot.trialDueIn == .seconds(10))
        #expect(driver.snapshot.trips == 3, "the lifetime trip count is kept")
    }

    @Test func backoffTimeoutFormula() {
        let machine = CircuitBreakerStateMachine(
            configuration: .init(
                recoveryTimeout: .milliseconds(500),
                recoveryBackoff: .init(multiplier: 1.5, maxTimeout: .seconds(2))),
            now: .zero)
        #expect(machine.recoveryTimeout(forTrip: 1) == .milliseconds(500))
        #expect(machine.recoveryTimeout(forTrip: 2) == .milliseconds(750))
        #expect(machine.recoveryTimeout(forTrip: 3) == .nanoseconds(1_125_000_000))
        #expect(machine.recoveryTimeout(forTrip: 5) == .seconds(2))
        #expect(machine.recoveryTimeout(forTrip: 10_000) == .seconds(2))
    }
}
