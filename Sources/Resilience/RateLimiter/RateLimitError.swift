/// Why ``RateLimiter/acquire()`` did not return a permit: a typed error, never a string to match.
///
/// Every case but ``cancelled`` is a rejection by the limiter, which the pipeline does not retry.
public enum RateLimitError: Error, Sendable, Hashable {
    /// The queue already holds `maxQueue` waiters.
    case queueFull(maxQueue: Int)
    /// A permit would come later than `maxWait` from now; `estimated` is when it would have come.
    /// Rejecting up front (as resilience4j does) saves the caller a wait that is bound to fail.
    case waitWouldExceed(maxWait: Duration, estimated: Duration)
    /// The caller waited `maxWait` without a permit. Grant instants are known on arrival and kept
    /// (a late timer still grants what accrued), so this happens only after ``RateLimiter/reconfigure(_:)``
    /// to a slower rate or a shorter `maxWait`.
    case waitedTooLong(maxWait: Duration)
    /// The waiting task was cancelled; it left the queue and no permit was consumed.
    case cancelled

    /// Whether the limiter refused the call (as opposed to the caller giving up).
    public var isRejection: Bool { self != .cancelled }

    /// For a wait that would exceed `maxWait`: how long until a permit would have come.
    public var retryAfter: Duration? {
        if case .waitWouldExceed(_, let estimated) = self { return estimated }
        return nil
    }
}
