import TestSupport
import Testing

@testable import Resilience

@Suite struct RetryScheduleTests {
    let t0 = Instant(nanoseconds: 1_000_000_000)

    @Test func maxTriesIsHonoured() {
        var schedule = RetrySchedule(
            policy: RetryPolicy(maxTries: 3, backoff: .constant(.seconds(1)), jitter: .none))
        var random = SplitMix64(seed: 1)
        var now = t0
        #expect(schedule.state == .idle)
        #expect(schedule.beginAttempt(now: now) == 1)
        #expect(
            schedule.attemptFailed(.retry, now: now, using: &random) == .retry(after: .seconds(1), attempt: 2)
        )
        #expect(schedule.state == .backingOff(next: 2, until: now + .seconds(1)))
        now = now + .seconds(1)
        #expect(schedule.beginAttempt(now: now) == 2)
        #expect(
            schedule.attemptFailed(.retry, now: now, using: &random) == .retry(after: .seconds(1), attempt: 3)
        )
        now = now + .seconds(1)
        #expect(schedule.beginAttempt(now: now) == 3)
        #expect(schedule.attemptFailed(.retry, now: now, using: &random) == .giveUp(.maxTries(3)))
        #expect(schedule.state == .gaveUp(.maxTries(3)))
    }

    @Test func oneTryMeansNoRetry() {
        var schedule = RetrySchedule(policy: .never)
        var random = SplitMix64(seed: 1)
        _ = schedule.beginAttempt(now: t0)
        #expect(schedule.attemptFailed(.retry, now: t0, using: &random) == .giveUp(.maxTries(1)))
    }

    @Test func maxTimeIsHonouredBeforeTheDelayWouldPassIt() {
        let policy = RetryPolicy(
            maxTries: 100, maxTime: .seconds(1), backoff: .constant(.milliseconds(400)), jitter: .none)
        var schedule = RetrySchedule(policy: policy)
        var random = SplitMix64(seed: 1)
        var now = t0
        var actions: [RetryAction] = []
        while true {
            _ = schedule.beginAttempt(now: now)
            let action = schedule.attemptFailed(.retry, now: now, using: &random)
            actions.append(action)
            guard case .retry(let delay, _) = action else { break }
            now = now + delay
        }
        // Attempts at 0, 0.4 and 0.8 s; a fourth at 1.2 s would pass the 1 s limit.
        #expect(schedule.attempts == 3)
        #expect(
            actions.last
                == .giveUp(
                    .maxTime(elapsed: .milliseconds(800), delay: .milliseconds(400), limit: .seconds(1))))
        #expect(GiveUpReason.maxTime(elapsed: .zero, delay: .zero, limit: .zero).isExhausted)
    }

    @Test func maxTimeCountsTimeSpentInsideAttempts() {
        let policy = RetryPolicy(
            maxTries: 10, maxTime: .seconds(5), backoff: .constant(.seconds(1)), jitter: .none)
        var schedule = RetrySchedule(policy: policy)
        var random = SplitMix64(seed: 1)
        _ = schedule.beginAttempt(now: t0)
        // The attempt itself took 4.5 s: one more second of backoff would end past 5 s.
        let action = schedule.attemptFailed(.retry, now: t0 + .milliseconds(4_500), using: &random)
        #expect(
            action == .giveUp(.maxTime(elapsed: .milliseconds(4_500), delay: .seconds(1), limit: .seconds(5)))
        )
    }

    @Test func doNotRetryGivesUpAtOnce() {
        var schedule = RetrySchedule(policy: RetryPolicy(maxTries: 5))
        var random = SplitMix64(seed: 1)
        _ = schedule.beginAttempt(now: t0)
        #expect(schedule.attemptFailed(.doNotRetry, now: t0, using: &random) == .giveUp(.doNotRetry))
        #expect(!GiveUpReason.doNotRetry.isExhausted)
    }

    @Test func retryAfterHintIsHonouredAndRemembered() {
        let policy = RetryPolicy(
            maxTries: 5, backoff: .constant(.milliseconds(100)), jitter: .decorrelated, maxDelay: .seconds(10)
        )
        var schedule = RetrySchedule(policy: policy)
        var random = SplitMix64(seed: 1)
        _ = schedule.beginAttempt(now: t0)
        #expect(
            schedule.attemptFailed(.retryAfter(.seconds(2)), now: t0, using: &random)
                == .retry(after: .seconds(2), attempt: 2))
        #expect(schedule.previousDelay == .seconds(2))
        _ = schedule.beginAttempt(now: t0 + .seconds(2))
        // Decorrelated jitter grows from the 2 s actually waited: within [100 ms, 6 s].
        guard case .retry(let next, _) = schedule.attemptFailed(.retry, now: t0 + .seconds(2), using: &random)
        else {
            Issue.record("expected a retry")
            return
        }
        #expect(next >= .milliseconds(100) && next <= .seconds(6))
    }

    @Test func retryAfterBeyondTheCapIsCapped() {
        let policy = RetryPolicy(maxTries: 5, maxTime: .seconds(600), jitter: .full, maxDelay: .seconds(30))
        var schedule = RetrySchedule(policy: policy)
        var random = SplitMix64(seed: 1)
        _ = schedule.beginAttempt(now: t0)
        #expect(
            schedule.attemptFailed(.retryAfter(.seconds(3_600)), now: t0, using: &random)
                == .retry(after: .seconds(10), attempt: 2),
            "the default exponential backoff caps at 10 s, below maxDelay")
        let plain = RetryPolicy(
            maxTries: 5, maxTime: .seconds(600), backoff: .constant(.seconds(1)), maxDelay: .seconds(30))
        var second = RetrySchedule(policy: plain)
        _ = second.beginAttempt(now: t0)
        #expect(
            second.attemptFailed(.retryAfter(.seconds(3_600)), now: t0, using: &random)
                == .retry(after: .seconds(30), attempt: 2))
    }

    @Test func retryAfterThatWouldPassMaxTimeGivesUp() {
        let policy = RetryPolicy(
            maxTries: 5, maxTime: .seconds(5), backoff: .constant(.seconds(1)), maxDelay: .seconds(30))
        var schedule = RetrySchedule(policy: policy)
        var random = SplitMix64(seed: 1)
        _ = schedule.beginAttempt(now: t0)
        let action = schedule.attemptFailed(.retryAfter(.seconds(20)), now: t0, using: &random)
        #expect(action == .giveUp(.maxTime(elapsed: .zero, delay: .seconds(20), limit: .seconds(5))))
    }

    @Test func budgetDenialEndsTheSchedule() {
        var schedule = RetrySchedule(policy: RetryPolicy(maxTries: 5))
        var random = SplitMix64(seed: 1)
        _ = schedule.beginAttempt(now: t0)
        guard case .retry = schedule.attemptFailed(.retry, now: t0, using: &random) else {
            Issue.record("expected a retry")
            return
        }
        #expect(schedule.budgetDenied() == .giveUp(.budgetDenied))
        #expect(schedule.state == .gaveUp(.budgetDenied))
    }

    @Test func successEndsTheSchedule() {
        var schedule = RetrySchedule(policy: RetryPolicy())
        _ = schedule.beginAttempt(now: t0)
        schedule.attemptSucceeded()
        #expect(schedule.state == .succeeded(attempt: 1))
    }
}
