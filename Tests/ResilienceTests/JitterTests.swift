import TestSupport
import Testing

@testable import Resilience

/// Delay bounds of every backoff × jitter kind over many seeded draws, as the AWS
/// "Exponential Backoff and Jitter" article defines them.
@Suite struct JitterTests {
    static let backoffs: [Backoff] = [
        .constant(.milliseconds(300)),
        .linear(base: .milliseconds(100), increment: .milliseconds(150)),
        .exponential(base: .milliseconds(100), factor: 2, maxDelay: .seconds(5)),
    ]
    static let draws = 2_000

    @Test(arguments: backoffs)
    func noneIsTheCeiling(backoff: Backoff) {
        let policy = RetryPolicy(maxTries: 20, backoff: backoff, jitter: .none, maxDelay: .seconds(2))
        var random = SplitMix64(seed: 1)
        for retry in 1...12 {
            let delay = policy.delay(forRetry: retry, previous: nil, using: &random)
            #expect(delay == min(backoff.ceiling(forRetry: retry), .seconds(2)))
        }
    }

    @Test(arguments: backoffs)
    func fullIsWithinZeroAndTheCappedCeiling(backoff: Backoff) {
        let cap = Duration.seconds(2)
        let policy = RetryPolicy(maxTries: 20, backoff: backoff, jitter: .full, maxDelay: cap)
        var random = SplitMix64(seed: 2)
        for retry in 1...12 {
            let ceiling = min(cap, backoff.ceiling(forRetry: retry))
            var low = false
            var high = false
            for _ in 0..<Self.draws {
                let delay = policy.delay(forRetry: retry, previous: nil, using: &random)
                #expect(delay >= .zero && delay <= ceiling)
                if delay < ceiling * 0.1 { low = true }
                if delay > ceiling * 0.9 { high = true }
            }
            // The draws spread over the whole range, not just part of it.
            #expect(low && high, "retry \(retry): full jitter should cover [0, \(ceiling)]")
        }
    }

    @Test(arguments: backoffs)
    func equalIsWithinHalfAndTheCappedCeiling(backoff: Backoff) {
        let cap = Duration.seconds(2)
        let policy = RetryPolicy(maxTries: 20, backoff: backoff, jitter: .equal, maxDelay: cap)
        var random = SplitMix64(seed: 3)
        for retry in 1...12 {
            let ceiling = min(cap, backoff.ceiling(forRetry: retry))
            var low = false
            var high = false
            for _ in 0..<Self.draws {
                let delay = policy.delay(forRetry: retry, previous: nil, using: &random)
                #expect(delay >= ceiling / 2 && delay <= ceiling)
                if delay < ceiling * 0.55 { low = true }
                if delay > ceiling * 0.95 { high = true }
            }
            #expect(low && high, "retry \(retry): equal jitter should cover [\(ceiling / 2), \(ceiling)]")
        }
    }

    @Test(arguments: backoffs)
    func decorrelatedIsWithinBaseAndThreeTimesThePrevious(backoff: Backoff) {
        let cap = Duration.seconds(2)
        let policy = RetryPolicy(maxTries: 20, backoff: backoff, jitter: .decorrelated, maxDelay: cap)
        var random = SplitMix64(seed: 4)
        var reachedCap = false
        for _ in 0..<(Self.draws / 10) {
            var previous: Duration? = nil
            for retry in 1...12 {
                let delay = policy.delay(forRetry: retry, previous: previous, using: &random)
                let upper = min(cap, (previous ?? backoff.base) * 3)
                #expect(delay >= min(backoff.base, cap) && delay <= upper)
                if delay == cap { reachedCap = true }
                previous = delay
            }
        }
        #expect(reachedCap, "decorrelated jitter should grow until the cap holds it")
    }

    @Test func decorrelatedFirstRetryDrawsFromBaseToThreeBase() {
        var random = SplitMix64(seed: 5)
        var seen: Set<Bool> = []
        for _ in 0..<Self.draws {
            let delay = Jitter.decorrelated.delay(
                ceiling: .milliseconds(100), base: .milliseconds(100), cap: .seconds(10), previous: nil,
                using: &random)
            #expect(delay >= .milliseconds(100) && delay <= .milliseconds(300))
            seen.insert(delay > .milliseconds(200))
        }
        #expect(seen == [true, false])
    }

    @Test func sameSeedSameDelays() {
        let policy = RetryPolicy(maxTries: 10, jitter: .full)
        var first = SplitMix64(seed: 42)
        var second = SplitMix64(seed: 42)
        let a = (1...8).map { policy.delay(forRetry: $0, previous: nil, using: &first) }
        let b = (1...8).map { policy.delay(forRetry: $0, previous: nil, using: &second) }
        #expect(a == b)
    }

    @Test func backoffCapAndPolicyCapBothHold() {
        let policy = RetryPolicy(
            backoff: .exponential(base: .milliseconds(100), factor: 2, maxDelay: .milliseconds(400)),
            jitter: .none, maxDelay: .seconds(10))
        #expect(policy.effectiveCap == .milliseconds(400))
        var random = SplitMix64(seed: 6)
        #expect(policy.delay(forRetry: 10, previous: nil, using: &random) == .milliseconds(400))
        let tighter = RetryPolicy(backoff: .constant(.seconds(5)), jitter: .none, maxDelay: .seconds(1))
        #expect(tighter.delay(forRetry: 1, previous: nil, using: &random) == .seconds(1))
    }

    @Test func retryAfterOverridesTheComputedDelayAndIsCapped() {
        let policy = RetryPolicy(backoff: .constant(.milliseconds(100)), jitter: .full, maxDelay: .seconds(5))
        var random = SplitMix64(seed: 7)
        for _ in 0..<100 {
            #expect(
                policy.delay(forRetry: 1, previous: nil, retryAfter: .seconds(3), using: &random)
                    == .seconds(3))
        }
        #expect(
            policy.delay(forRetry: 1, previous: nil, retryAfter: .seconds(120), using: &random) == .seconds(5)
        )
        #expect(policy.delay(forRetry: 1, previous: nil, retryAfter: .seconds(-1), using: &random) == .zero)
    }
}
