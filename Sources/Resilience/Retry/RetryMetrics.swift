import Synchronization

/// Counters of one ``Retry`` owner since it was made, read as a consistent-enough snapshot.
///
/// Field names follow the dashboard's `RetryCounters`: `retries` is its `total`,
/// `exhausted` (out of tries or time) and `deniedByBudget` are counted apart.
public struct RetryMetrics: Sendable, Hashable {
    /// Calls made through `run` (each may make several attempts).
    public var calls: Int = 0
    /// Attempts started, first attempts and retries together.
    public var attempts: Int = 0
    /// Retries started (attempts after the first).
    public var retries: Int = 0
    /// Calls that succeeded, at any attempt.
    public var successes: Int = 0
    /// Calls that succeeded only after at least one retry.
    public var successesAfterRetry: Int = 0
    /// Calls that ran out of tries or time and still failed.
    public var exhausted: Int = 0
    /// Calls whose next retry the budget refused.
    public var deniedByBudget: Int = 0
    /// Calls whose error the classifier said must not be retried.
    public var notRetryable: Int = 0
    /// Calls ended by task cancellation.
    public var cancelled: Int = 0

    /// Creates a metrics value (all zero by default).
    public init(
        calls: Int = 0, attempts: Int = 0, retries: Int = 0, successes: Int = 0,
        successesAfterRetry: Int = 0, exhausted: Int = 0, deniedByBudget: Int = 0,
        notRetryable: Int = 0, cancelled: Int = 0
    ) {
        self.calls = calls
        self.attempts = attempts
        self.retries = retries
        self.successes = successes
        self.successesAfterRetry = successesAfterRetry
        self.exhausted = exhausted
        self.deniedByBudget = deniedByBudget
        self.notRetryable = notRetryable
        self.cancelled = cancelled
    }
}

/// The live counters behind ``RetryMetrics``: one relaxed atomic each, so the hot path never
/// takes a lock and a dashboard read never blocks a call.
final class RetryCounterCells: Sendable {
    let calls = Atomic<Int>(0)
    let attempts = Atomic<Int>(0)
    let retries = Atomic<Int>(0)
    let successes = Atomic<Int>(0)
    let successesAfterRetry = Atomic<Int>(0)
    let exhausted = Atomic<Int>(0)
    let deniedByBudget = Atomic<Int>(0)
    let notRetryable = Atomic<Int>(0)
    let cancelled = Atomic<Int>(0)

    func snapshot() -> RetryMetrics {
        RetryMetrics(
            calls: calls.load(ordering: .relaxed), attempts: attempts.load(ordering: .relaxed),
            retries: retries.load(ordering: .relaxed), successes: successes.load(ordering: .relaxed),
            successesAfterRetry: successesAfterRetry.load(ordering: .relaxed),
            exhausted: exhausted.load(ordering: .relaxed),
            deniedByBudget: deniedByBudget.load(ordering: .relaxed),
            notRetryable: notRetryable.load(ordering: .relaxed), cancelled: cancelled.load(ordering: .relaxed)
        )
    }
}
