import Synchronization
import TestSupport
import Testing

@testable import Resilience

@Suite(.timeLimit(.minutes(1))) struct RetryTests {
    struct Transient: Error, Equatable { var attempt: Int }
    struct Permanent: Error, Equatable {}

    /// Runs `body` in a task and advances `clock` to each backoff deadline until it finishes.
    func drive<T: Sendable>(
        _ clock: ManualClock, sleeps: Int, _ body: @escaping @Sendable () async throws -> T
    ) async throws -> Result<T, any Error> {
        let task = Task { try await body() }
        for index in 0..<sleeps {
            try await TestPoll.until("backoff sleep \(index + 1)") { clock.sleeperCount == 1 }
            let deadline = try #require(clock.nextDeadline)
            clock.advance(to: deadline)
        }
        return await task.result
    }

    @Test func succeedsAfterRetriesWithTheScheduledDelays() async throws {
        let clock = ManualClock()
        let retry = Retry(
            policy: RetryPolicy(maxTries: 4, backoff: .exponential(base: .milliseconds(100)), jitter: .none),
            clock: clock)
        let starts = TestLog<Instant>()
        let result = try await drive(clock, sleeps: 2) {
            try await retry.run { attempt in
                starts.append(clock.now())
                if attempt < 3 { throw Transient(attempt: attempt) }
                return "ok on \(attempt)"
            }
        }
        #expect(try result.get() == "ok on 3")
        #expect(starts.all == [.zero, Instant.zero + .milliseconds(100), Instant.zero + .milliseconds(300)])
        #expect(
            retry.metrics
                == RetryMetrics(calls: 1, attempts: 3, retries: 2, successes: 1, successesAfterRetry: 1))
    }

    @Test func maxTriesExhaustedRethrowsTheLastError() async throws {
        let clock = ManualClock()
        let retry = Retry(policy: RetryPolicy(maxTries: 3, backoff: .constant(.seconds(1))), clock: clock)
        let result = try await drive(clock, sleeps: 2) {
            try await retry.run { attempt -> Int in throw Transient(attempt: attempt) }
        }
        #expect(throws: Transient(attempt: 3)) { try result.get() }
        #expect(retry.metrics == RetryMetrics(calls: 1, attempts: 3, retries: 2, exhausted: 1))
    }

    @Test func maxTimeStopsRetriesBeforeMaxTries() async throws {
        let clock = ManualClock()
        let policy = RetryPolicy(
            maxTries: 50, maxTime: .seconds(1), backoff: .constant(.milliseconds(400)), jitter: .none)
        let events = TestLog<String>()
        let retry = Retry(policy: policy, clock: clock) { event in
            switch event {
            case .retrying(let attempt, let delay, _): events.append("retry \(attempt) after \(delay)")
            case .gaveUp(let reason, let attempts, _): events.append("gave up after \(attempts): \(reason)")
            }
        }
        let result = try await drive(clock, sleeps: 2) {
            try await retry.run { attempt -> Int in throw Transient(attempt: attempt) }
        }
        #expect(throws: Transient(attempt: 3)) { try result.get() }
        #expect(clock.now() == Instant.zero + .milliseconds(800))
        #expect(retry.metrics.exhausted == 1 && retry.metrics.attempts == 3)
        #expect(events.all.count == 3)
        #expect(events.all.last?.hasPrefix("gave up after 3") == true)
    }

    @Test func doNotRetryErrorsFailFastAndUnchanged() async throws {
        let clock = ManualClock()
        let retry = Retry(policy: RetryPolicy(maxTries: 5), clock: clock)
        await #expect(throws: Permanent()) {
            try await retry.run { _ -> Int in
                throw Permanent()
            } classify: { error in
                error is Permanent ? .doNotRetry : .retry
            }
        }
        #expect(retry.metrics == RetryMetrics(calls: 1, attempts: 1, notRetryable: 1))
        #expect(clock.sleeperCount == 0)
    }

    @Test func retryAfterHintIsHonouredAndCapped() async throws {
        let clock = ManualClock()
        let policy = RetryPolicy(
            maxTries: 3, maxTime: .seconds(600), backoff: .constant(.milliseconds(100)), maxDelay: .seconds(5)
        )
        let retry = Retry(policy: policy, clock: clock, random: SplitMix64(seed: 9))
        let starts = TestLog<Instant>()
        let result = try await drive(clock, sleeps: 2) {
            try await retry.run { attempt in
                starts.append(clock.now())
                if attempt < 3 { throw Transient(attempt: attempt) }
                return attempt
            } classify: { error in
                // The server asks for 2 s, then for an hour (held to the 5 s cap).
                (error as? Transient)?.attempt == 1 ? .retryAfter(.seconds(2)) : .retryAfter(.seconds(3_600))
            }
        }
        #expect(try result.get() == 3)
        #expect(starts.all == [.zero, Instant.zero + .seconds(2), Instant.zero + .seconds(7)])
    }

    @Test func budgetRefusesRetriesAndIsCounted() async throws {
        let clock = ManualClock()
        // 2 tokens, threshold 1: exactly one retry is affordable.
        let budget = RetryBudget(.tokenBucket(maxTokens: 2, tokenRatio: 0.5))
        let retry = Retry(
            policy: RetryPolicy(maxTries: 5, backoff: .constant(.seconds(1))), budget: budget, clock: clock)
        let result = try await drive(clock, sleeps: 1) {
            try await retry.run { attempt -> Int in throw Transient(attempt: attempt) }
        }
        #expect(throws: Transient(attempt: 2)) { try result.get() }
        #expect(retry.metrics == RetryMetrics(calls: 1, attempts: 2, retries: 1, deniedByBudget: 1))
        #expect(budget.available(now: clock.now()) == 0)
        // Two successes (+0.5 each) refill it: the next failing call may retry once more.
        _ = try await retry.run { _ in 1 }
        _ = try await retry.run { _ in 1 }
        #expect(budget.available(now: clock.now()) == 1)
    }

    @Test func percentageBudgetCountsOriginalCallsOnly() async throws {
        let clock = ManualClock()
        let budget = RetryBudget(.percentage(percentCanRetry: 0.5, ttl: .seconds(10), minRetriesPerSecond: 0))
        let retry = Retry(
            policy: RetryPolicy(maxTries: 3, backoff: .constant(.zero)), budget: budget, clock: clock)
        // One call deposits half a retry: not enough for one.
        await #expect(throws: Transient(attempt: 1)) {
            try await retry.run { attempt -> Int in throw Transient(attempt: attempt) }
        }
        #expect(budget.snapshot(now: clock.now()).requests == 1)
        #expect(retry.metrics.deniedByBudget == 1)
    }

    @Test func cancellationDuringBackoffStopsAtOnce() async throws {
        let clock = ManualClock()
        let retry = Retry(policy: RetryPolicy(maxTries: 5, backoff: .constant(.seconds(60))), clock: clock)
        let attempts = Atomic<Int>(0)
        let task = Task {
            try await retry.run { attempt -> Int in
                attempts.wrappingAdd(1, ordering: .relaxed)
                throw Transient(attempt: attempt)
            }
        }
        try await TestPoll.until("the first backoff") { clock.sleeperCount == 1 }
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(attempts.load(ordering: .relaxed) == 1)
        #expect(clock.sleeperCount == 0)
        #expect(retry.metrics.cancelled == 1 && retry.metrics.exhausted == 0)
    }

    @Test func cancelledOperationIsNotRetried() async throws {
        let clock = ManualClock()
        let retry = Retry(policy: RetryPolicy(maxTries: 5), clock: clock)
        let gate = TestGate()
        let task = Task {
            try await retry.run { _ -> Int in
                await gate.wait()
                throw CancellationError()
            }
        }
        try await TestPoll.until("the operation to start") { gate.waiting == 1 }
        task.cancel()
        gate.open()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(retry.metrics.attempts == 1 && retry.metrics.cancelled == 1)
    }

    @Test func countersAreExactUnderConcurrency() async throws {
        let retry = Retry(policy: RetryPolicy(maxTries: 3, backoff: .constant(.zero), jitter: .none))
        // Call i fails (i % 4) times: 0 and 1 and 2 failures succeed, 3 failures exhaust.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for call in 0..<400 {
                group.addTask {
                    _ = try? await retry.run { attempt in
                        if attempt <= call % 4 { throw Transient(attempt: attempt) }
                        return attempt
                    }
                }
            }
            try await group.waitForAll()
        }
        let metrics = retry.metrics
        #expect(metrics.calls == 400)
        #expect(metrics.successes == 300 && metrics.successesAfterRetry == 200 && metrics.exhausted == 100)
        #expect(metrics.attempts == 100 * (1 + 2 + 3 + 3))
        #expect(metrics.retries == metrics.attempts - metrics.calls)
    }
}
