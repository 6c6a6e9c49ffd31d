import Testing

@testable import Resilience

@Suite struct RetryBudgetTests {
    let t0 = Instant.zero

    // MARK: token bucket (gRPC)

    @Test func tokenBucketAllowsRetriesWhileAboveHalfThenRefuses() {
        var budget = RetryBudgetState(kind: .tokenBucket(maxTokens: 10, tokenRatio: 0.1))
        #expect(budget.available(now: t0) == 5)
        #expect(budget.fractionLeft(now: t0) == 1)
        // 10 → 9 → 8 → 7 → 6 → 5: five retries while the count is above 5.
        for _ in 0..<5 { #expect(budget.tryWithdraw(now: t0) == true) }
        #expect(budget.tryWithdraw(now: t0) == false)
        #expect(budget.tryWithdraw(now: t0) == false)
        #expect(budget.tokens == 5)
        #expect(budget.withdrawals == 5 && budget.denied == 2)
        #expect(budget.available(now: t0) == 0)
        #expect(budget.fractionLeft(now: t0) == 0)
    }

    @Test func tokenBucketRefillsWithSuccessesUpToTheMaximum() {
        var budget = RetryBudgetState(kind: .tokenBucket(maxTokens: 10, tokenRatio: 0.1))
        for _ in 0..<5 { _ = budget.tryWithdraw(now: t0) }
        #expect(budget.tryWithdraw(now: t0) == false)
        // One success lifts the count to 5.1: above the threshold, one retry is allowed again.
        budget.recordSuccess(now: t0)
        #expect(budget.available(now: t0) == 1)
        #expect(budget.tryWithdraw(now: t0) == true)
        #expect(budget.tryWithdraw(now: t0) == false)
        for _ in 0..<1_000 { budget.recordSuccess(now: t0) }
        #expect(budget.tokens == 10)
        // Original calls cost and earn nothing in a token bucket.
        budget.recordRequest(now: t0)
        #expect(budget.tokens == 10)
    }

    @Test func tokenBucketSteadyStateRetriesAreTheRatioOfSuccesses() {
        var budget = RetryBudgetState(kind: .tokenBucket(maxTokens: 10, tokenRatio: 0.1))
        for _ in 0..<5 { _ = budget.tryWithdraw(now: t0) }
        var allowed = 0
        for _ in 0..<1_000 {
            budget.recordSuccess(now: t0)
            if budget.tryWithdraw(now: t0) { allowed += 1 }
        }
        // 1 000 successes at 0.1 each pay for 100 retries (and no drift from repeated +0.1).
        #expect(allowed == 100)
    }

    // MARK: percentage (Finagle)

    @Test func percentageAllowsItsShareOfCalls() {
        var budget = RetryBudgetState(
            kind: .percentage(percentCanRetry: 0.2, ttl: .seconds(10), minRetriesPerSecond: 0))
        #expect(budget.tryWithdraw(now: t0) == false, "no calls, no floor: nothing to spend")
        for _ in 0..<10 { budget.recordRequest(now: t0) }
        #expect(budget.available(now: t0) == 2)
        #expect(budget.tryWithdraw(now: t0) == true)
        #expect(budget.tryWithdraw(now: t0) == true)
        #expect(budget.tryWithdraw(now: t0) == false)
        #expect(budget.fractionLeft(now: t0) == 0)
        for _ in 0..<5 { budget.recordRequest(now: t0) }
        #expect(budget.tryWithdraw(now: t0) == true)
        #expect(budget.tryWithdraw(now: t0) == false)
    }

    @Test func percentageFloorAllowsRetriesOnAQuietEndpoint() {
        var budget = RetryBudgetState(
            kind: .percentage(percentCanRetry: 0.2, ttl: .seconds(10), minRetriesPerSecond: 1))
        // 1 retry a second over a 10 s window: a reserve of 10 retries with no calls at all.
        #expect(budget.available(now: t0) == 10)
        for _ in 0..<10 { #expect(budget.tryWithdraw(now: t0) == true) }
        #expect(budget.tryWithdraw(now: t0) == false)
    }

    @Test func percentageDepositsAndWithdrawalsExpireAfterTheWindow() {
        var budget = RetryBudgetState(
            kind: .percentage(percentCanRetry: 0.5, ttl: .seconds(10), minRetriesPerSecond: 0))
        for _ in 0..<4 { budget.recordRequest(now: t0) }
        #expect(budget.tryWithdraw(now: t0) == true)
        #expect(budget.available(now: t0 + .seconds(9)) == 1, "still inside the window")
        #expect(budget.available(now: t0 + .seconds(11)) == 0, "deposits expired")
        #expect(budget.tryWithdraw(now: t0 + .seconds(11)) == false)

        var floor = RetryBudgetState(
            kind: .percentage(percentCanRetry: 0.2, ttl: .seconds(10), minRetriesPerSecond: 1))
        for _ in 0..<10 { _ = floor.tryWithdraw(now: t0) }
        #expect(floor.tryWithdraw(now: t0 + .seconds(5)) == false)
        // The withdrawals leave the window and the reserve is whole again.
        #expect(floor.available(now: t0 + .seconds(10)) == 10)
        #expect(floor.tryWithdraw(now: t0 + .seconds(10)) == true)
    }

    @Test func percentageRefillsSliceBySlice() {
        var budget = RetryBudgetState(
            kind: .percentage(percentCanRetry: 1, ttl: .seconds(10), minRetriesPerSecond: 0))
        for second in 0..<10 {
            budget.recordRequest(now: t0 + .seconds(second))
        }
        #expect(budget.available(now: t0 + .milliseconds(9_500)) == 10)
        // Each second one deposit (one 1 s slice) falls out of the 10 s window.
        #expect(budget.available(now: t0 + .milliseconds(10_500)) == 9)
        #expect(budget.available(now: t0 + .milliseconds(15_500)) == 4)
        #expect(budget.available(now: t0 + .seconds(30)) == 0)
    }

    @Test func readingNeverChangesTheBudget() {
        var budget = RetryBudgetState(
            kind: .percentage(percentCanRetry: 0.2, ttl: .seconds(10), minRetriesPerSecond: 0))
        for _ in 0..<10 { budget.recordRequest(now: t0) }
        // Reading far in the future (where everything has expired) does not clear anything.
        #expect(budget.available(now: t0 + .seconds(100)) == 0)
        #expect(budget.fractionLeft(now: t0 + .seconds(100)) == 0)
        #expect(budget.available(now: t0) == 2)
        #expect(budget.fractionLeft(now: t0) == 1)
    }

    // MARK: the owner

    @Test(arguments: [RetryBudgetKind.grpcDefault, .percentage(percentCanRetry: 0.1, minRetriesPerSecond: 0)])
    func concurrentWithdrawalsNeverOverspend(kind: RetryBudgetKind) async {
        let budget = RetryBudget(kind)
        let now = Instant.zero
        for _ in 0..<50 { budget.recordRequest(now: now) }
        let expected = budget.available(now: now)
        #expect(expected == 5)
        let granted = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<400 { group.addTask { budget.tryWithdraw(now: now) } }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(granted == expected)
        let snapshot = budget.snapshot(now: now)
        #expect(snapshot.withdrawals == expected && snapshot.denied == 400 - expected)
        #expect(snapshot.available == 0 && snapshot.requests == 50)
    }
}
