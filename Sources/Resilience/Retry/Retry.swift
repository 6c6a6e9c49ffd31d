import Synchronization

/// Runs an operation, retrying its failures under a ``RetryPolicy``, an optional shared
/// ``RetryBudget`` and an injected ``ResilienceClock``.
///
/// One owner per endpoint: it holds the policy, the budget and the counters, and each call to
/// ``run(isolation:operation:classify:)`` drives its own ``RetrySchedule``. The caller classifies
/// errors, so rejections that must fail fast (an open breaker, a full rate-limit queue) are
/// `.doNotRetry` by type, never by message.
///
/// On giving up, the last error is rethrown unchanged, so callers still see the typed error
/// (a `CircuitOpenError`, a timeout) and can read why the retries stopped from ``metrics`` or
/// the `onEvent` hook. Cancellation stops the call at once: it is never retried and a backoff
/// sleep ends early with `CancellationError`.
public final class Retry: Sendable {
    /// The policy every call follows.
    public let policy: RetryPolicy
    /// The budget retries are drawn from, if any (shared with other owners if you like).
    public let budget: RetryBudget?

    private let clock: any ResilienceClock
    private let random: Mutex<any RandomNumberGenerator & Sendable>
    private let counters = RetryCounterCells()
    private let onEvent: (@Sendable (RetryEvent) -> Void)?

    /// Creates a retry owner.
    ///
    /// - Parameters:
    ///   - policy: tries, time, backoff, jitter and cap.
    ///   - budget: the retry budget to draw from; `nil` for none.
    ///   - clock: the clock for backoff sleeps and `maxTime`.
    ///   - random: the jitter source; tests inject a seeded generator to make delays reproducible.
    ///   - onEvent: called (outside any lock, on the calling task) for each retry and give-up.
    public init(
        policy: RetryPolicy = .default, budget: RetryBudget? = nil,
        clock: any ResilienceClock = SystemClock.shared,
        random: some RandomNumberGenerator & Sendable = SystemRandomNumberGenerator(),
        onEvent: (@Sendable (RetryEvent) -> Void)? = nil
    ) {
        self.policy = policy
        self.budget = budget
        self.clock = clock
        self.random = Mutex(random)
        self.onEvent = onEvent
    }

    /// The counters so far. Reading them changes nothing.
    public var metrics: RetryMetrics { counters.snapshot() }

    /// Runs `operation`, retrying as the policy, the budget and `classify` allow.
    ///
    /// - Parameters:
    ///   - operation: the work; it receives the attempt number, from 1.
    ///   - classify: the verdict on each error (the give-up predicate); by default every error
    ///     is retried. Return `.retryAfter(d)` to pass on a server's `Retry-After` hint.
    /// - Returns: the first successful result.
    /// - Throws: the last attempt's error when the call gives up, or `CancellationError`.
    public func run<T>(
        isolation: isolated (any Actor)? = #isolation,
        operation: (_ attempt: Int) async throws -> T,
        classify: (any Error) -> RetryDecision = { _ in .retry }
    ) async throws -> T {
        counters.calls.wrappingAdd(1, ordering: .relaxed)
        var schedule = RetrySchedule(policy: policy)
        // One clock read on the success path: `maxTime` counts from here.
        let start = clock.now()
        budget?.recordRequest(now: start)
        while true {
            if Task.isCancelled {
                counters.cancelled.wrappingAdd(1, ordering: .relaxed)
                throw CancellationError()
            }
            let attempt = schedule.beginAttempt(now: start)
            counters.attempts.wrappingAdd(1, ordering: .relaxed)
            if attempt > 1 { counters.retries.wrappingAdd(1, ordering: .relaxed) }
            do {
                let value = try await operation(attempt)
                schedule.attemptSucceeded()
                counters.successes.wrappingAdd(1, ordering: .relaxed)
                if attempt > 1 { counters.successesAfterRetry.wrappingAdd(1, ordering: .relaxed) }
                budget?.recordSuccess(now: clock.now())
                return value
            } catch {
                if Task.isCancelled {
                    counters.cancelled.wrappingAdd(1, ordering: .relaxed)
                    throw error
                }
                let delay = try decideNext(after: error, schedule: &schedule, classify: classify)
                do {
                    try await clock.sleep(for: delay)
                } catch {
                    counters.cancelled.wrappingAdd(1, ordering: .relaxed)
                    throw error
                }
            }
        }
    }

    /// Turns a failed attempt into the delay before the next one, or rethrows `error`.
    private func decideNext(
        after error: any Error, schedule: inout RetrySchedule, classify: (any Error) -> RetryDecision
    ) throws -> Duration {
        let decision = classify(error)
        let now = clock.now()
        var action = random.withLock { generator in
            schedule.attemptFailed(decision, now: now, using: &generator)
        }
        if case .retry = action, let budget, !budget.tryWithdraw(now: now) {
            action = schedule.budgetDenied()
        }
        switch action {
        case .retry(let delay, let next):
            onEvent?(.retrying(attempt: next, delay: delay, error: error))
            return delay
        case .giveUp(let reason):
            switch reason {
            case .doNotRetry: counters.notRetryable.wrappingAdd(1, ordering: .relaxed)
            case .budgetDenied: counters.deniedByBudget.wrappingAdd(1, ordering: .relaxed)
            case .maxTries, .maxTime: counters.exhausted.wrappingAdd(1, ordering: .relaxed)
            }
            onEvent?(.gaveUp(reason: reason, attempts: schedule.attempts, error: error))
            throw error
        }
    }
}
