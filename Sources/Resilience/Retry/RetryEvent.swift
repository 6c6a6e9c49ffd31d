/// Something a ``Retry`` owner did that the events pane may want to show.
public enum RetryEvent: Sendable {
    /// Attempt `attempt - 1` failed with `error`; attempt `attempt` starts after `delay`.
    case retrying(attempt: Int, delay: Duration, error: any Error)
    /// The call gave up after `attempts` attempts; `error` is the one rethrown.
    case gaveUp(reason: GiveUpReason, attempts: Int, error: any Error)
}
