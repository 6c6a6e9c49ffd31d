import Testing

@testable import Resilience

@Suite struct BackoffTests {
    @Test func constantIsTheSameForEveryRetry() {
        let backoff = Backoff.constant(.milliseconds(250))
        for retry in 1...20 { #expect(backoff.ceiling(forRetry: retry) == .milliseconds(250)) }
        #expect(backoff.base == .milliseconds(250))
        #expect(backoff.maxDelay == nil)
    }

    @Test func linearGrowsByTheIncrement() {
        let backoff = Backoff.linear(base: .milliseconds(100), increment: .milliseconds(50))
        #expect(backoff.ceiling(forRetry: 1) == .milliseconds(100))
        #expect(backoff.ceiling(forRetry: 2) == .milliseconds(150))
        #expect(backoff.ceiling(forRetry: 5) == .milliseconds(300))
    }

    @Test func exponentialMultipliesAndCaps() {
        let backoff = Backoff.exponential(base: .milliseconds(100), factor: 2, maxDelay: .seconds(1))
        #expect(backoff.ceiling(forRetry: 1) == .milliseconds(100))
        #expect(backoff.ceiling(forRetry: 2) == .milliseconds(200))
        #expect(backoff.ceiling(forRetry: 4) == .milliseconds(800))
        #expect(backoff.ceiling(forRetry: 5) == .seconds(1))
        #expect(backoff.maxDelay == .seconds(1))
    }

    @Test func exponentialSaturatesInsteadOfOverflowing() {
        let backoff = Backoff.exponential(base: .seconds(1), factor: 10, maxDelay: .seconds(3_600))
        #expect(backoff.ceiling(forRetry: 10_000) == .seconds(3_600))
        let uncapped = Backoff.exponential(base: .seconds(1), factor: 3, maxDelay: .seconds(Int64.max))
        #expect(uncapped.ceiling(forRetry: 500) > .seconds(1_000_000))
    }

    @Test func fractionalFactorGrowsSlowly() {
        let backoff = Backoff.exponential(base: .milliseconds(100), factor: 1.5, maxDelay: .seconds(10))
        #expect(backoff.ceiling(forRetry: 3) == .milliseconds(225))
    }
}
