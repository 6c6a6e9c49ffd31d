/// The bulkhead as a value-type state machine: slots, a FIFO queue of waiter ids, counters.
///
/// It knows nothing of continuations, tasks or clocks; ``Bulkhead`` maps its actions onto
/// resumptions outside its lock. A released slot is handed straight to the oldest waiter (the
/// in-flight count does not dip), and a newcomer takes a free slot only when nobody is queued,
/// so the order is strictly first come, first served.
public struct BulkheadState: Sendable {
    /// What to do with a caller that wants a slot.
    public enum AcquireAction: Sendable, Hashable {
        /// A slot is the caller's; go ahead.
        case granted
        /// The caller is queued; if `deadline` is set it must be expired then.
        case enqueued(deadline: Instant?)
        /// The caller is turned away.
        case rejected(BulkheadFullError)
    }

    /// What to do after a slot is released.
    public enum ReleaseAction: Sendable, Hashable {
        /// The slot is free; nobody was waiting.
        case none
        /// The slot now belongs to this waiter: resume it.
        case handOff(to: UInt64)
    }

    /// The concurrency limit.
    public let maxConcurrent: Int
    /// The queue limit (0: no queue, turn away at once).
    public let maxQueue: Int
    /// How long a waiter may wait (`nil`: as long as it takes, or until cancelled).
    public let maxWait: Duration?

    private var metrics: BulkheadMetrics
    private var queue = BulkheadWaitQueue()

    /// A bulkhead of `maxConcurrent` slots (at least 1) and a queue of `maxQueue` waiters.
    public init(maxConcurrent: Int, maxQueue: Int = 0, maxWait: Duration? = nil) {
        self.maxConcurrent = max(maxConcurrent, 1)
        self.maxQueue = max(maxQueue, 0)
        self.maxWait = maxWait
        metrics = BulkheadMetrics(maxConcurrent: self.maxConcurrent, maxQueue: self.maxQueue)
    }

    /// The occupancy and counters now. Reading changes nothing.
    public var snapshot: BulkheadMetrics {
        var copy = metrics
        copy.queued = queue.count
        return copy
    }

    /// Takes a slot only if one is free and nobody is waiting; never queues.
    public mutating func tryAcquire() -> Bool {
        guard metrics.inFlight < maxConcurrent, queue.isEmpty else { return false }
        admit()
        return true
    }

    /// A caller with this `id` wants a slot at `now`.
    public mutating func acquire(id: UInt64, now: Instant) -> AcquireAction {
        if tryAcquire() { return .granted }
        guard queue.count < maxQueue else {
            metrics.rejectedQueueFull += 1
            return .rejected(error(.queueFull))
        }
        queue.append(id)
        metrics.peakQueued = max(metrics.peakQueued, queue.count)
        return .enqueued(deadline: maxWait.map { now.advanced(by: $0) })
    }

    /// A slot holder is done.
    public mutating func release() -> ReleaseAction {
        guard metrics.inFlight > 0 else { return .none }
        if let next = queue.popFirst() {
            metrics.admitted += 1
            return .handOff(to: next)
        }
        metrics.inFlight -= 1
        return .none
    }

    /// The waiter `id` was cancelled: returns whether it was still queued (and is now removed).
    /// `false` means it already holds a slot, which its owner must release.
    public mutating func cancel(id: UInt64) -> Bool {
        guard queue.remove(id) else { return false }
        metrics.cancelled += 1
        return true
    }

    /// The waiter `id`'s `maxWait` has passed: returns the error to resume it with, or `nil`
    /// when it is no longer queued (it got a slot or was cancelled first).
    public mutating func expire(id: UInt64) -> BulkheadFullError? {
        guard queue.remove(id) else { return nil }
        metrics.rejectedMaxWait += 1
        return error(.maxWaitExceeded(maxWait ?? .zero))
    }

    /// Whether `id` is waiting in the queue.
    public func isQueued(_ id: UInt64) -> Bool { queue.contains(id) }

    private mutating func admit() {
        metrics.inFlight += 1
        metrics.admitted += 1
        metrics.peakInFlight = max(metrics.peakInFlight, metrics.inFlight)
    }

    private func error(_ reason: BulkheadFullError.Reason) -> BulkheadFullError {
        BulkheadFullError(reason: reason, maxConcurrent: maxConcurrent, maxQueue: maxQueue)
    }
}

/// A FIFO of waiter ids with removal from the middle (for cancellation and expiry).
///
/// An array consumed from a moving head and compacted when the dead prefix dominates: O(1)
/// amortised push and pop, O(n) removal, which only cancellation and expiry pay.
struct BulkheadWaitQueue: Sendable {
    private var ids: [UInt64] = []
    private var head = 0

    var count: Int { ids.count - head }
    var isEmpty: Bool { head == ids.count }

    mutating func append(_ id: UInt64) { ids.append(id) }

    mutating func popFirst() -> UInt64? {
        guard head < ids.count else { return nil }
        let id = ids[head]
        head += 1
        compactIfNeeded()
        return id
    }

    mutating func remove(_ id: UInt64) -> Bool {
        guard let index = ids[head...].firstIndex(of: id) else { return false }
        ids.remove(at: index)
        compactIfNeeded()
        return true
    }

    func contains(_ id: UInt64) -> Bool { ids[head...].contains(id) }

    private mutating func compactIfNeeded() {
        if head == ids.count {
            ids.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 32 && head * 2 >= ids.count {
            ids.removeFirst(head)
            head = 0
        }
    }
}
