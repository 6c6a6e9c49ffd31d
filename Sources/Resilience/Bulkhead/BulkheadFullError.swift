/// A ``Bulkhead`` turned a call away: its queue was full, or the call waited longer than
/// `maxWait` for a slot.
public struct BulkheadFullError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Why the call was turned away.
    public enum Reason: Sendable, Hashable {
        /// Every slot was busy and the queue held `maxQueue` waiters already.
        case queueFull
        /// The call waited in the queue for `maxWait` without getting a slot.
        case maxWaitExceeded(Duration)
    }

    /// Why the call was turned away.
    public var reason: Reason
    /// The bulkhead's concurrency limit.
    public var maxConcurrent: Int
    /// The bulkhead's queue limit.
    public var maxQueue: Int

    /// Creates the error.
    public init(reason: Reason, maxConcurrent: Int, maxQueue: Int) {
        self.reason = reason
        self.maxConcurrent = maxConcurrent
        self.maxQueue = maxQueue
    }

    /// E.g. `"bulkhead full: 8 in flight, 16 queued"`.
    public var description: String {
        switch reason {
        case .queueFull: "bulkhead full: \(maxConcurrent) in flight, \(maxQueue) queued"
        case .maxWaitExceeded(let wait): "bulkhead: no slot within \(wait)"
        }
    }
}
