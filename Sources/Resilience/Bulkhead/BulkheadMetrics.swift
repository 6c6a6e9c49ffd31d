/// A ``Bulkhead``'s occupancy and counters at one instant.
public struct BulkheadMetrics: Sendable, Hashable {
    /// The concurrency limit.
    public var maxConcurrent: Int
    /// The queue limit.
    public var maxQueue: Int
    /// Calls holding a slot now.
    public var inFlight: Int
    /// Calls waiting for a slot now.
    public var queued: Int
    /// The most calls ever in flight at once.
    public var peakInFlight: Int
    /// The longest the queue has ever been.
    public var peakQueued: Int
    /// Calls that got a slot (at once or after waiting).
    public var admitted: Int
    /// Calls turned away because the queue was full.
    public var rejectedQueueFull: Int
    /// Calls turned away after waiting `maxWait`.
    public var rejectedMaxWait: Int
    /// Waiters whose task was cancelled while queued.
    public var cancelled: Int

    /// Every call turned away, for whatever reason.
    public var rejected: Int { rejectedQueueFull + rejectedMaxWait }

    /// Creates a metrics value.
    public init(
        maxConcurrent: Int, maxQueue: Int, inFlight: Int = 0, queued: Int = 0, peakInFlight: Int = 0,
        peakQueued: Int = 0, admitted: Int = 0, rejectedQueueFull: Int = 0, rejectedMaxWait: Int = 0,
        cancelled: Int = 0
    ) {
        self.maxConcurrent = maxConcurrent
        self.maxQueue = maxQueue
        self.inFlight = inFlight
        self.queued = queued
        self.peakInFlight = peakInFlight
        self.peakQueued = peakQueued
        self.admitted = admitted
        self.rejectedQueueFull = rejectedQueueFull
        self.rejectedMaxWait = rejectedMaxWait
        self.cancelled = cancelled
    }
}
