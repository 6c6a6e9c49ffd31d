/// The FIFO of a ``RateLimiterStateMachine``: an array with a moving head, so popping the head is
/// O(1) amortised and cancelling from the middle is O(n) in a queue bounded by `maxQueue`.
struct RateLimiterWaiterQueue: Sendable {
    /// One queued caller.
    struct Waiter: Sendable, Equatable {
        var id: RateLimiterStateMachine.WaiterID
        var enqueuedAt: Instant
        /// When the caller gives up; non-decreasing along the queue.
        var deadline: Instant
    }

    private var storage: [Waiter] = []
    private var head = 0

    var count: Int { storage.count - head }
    var isEmpty: Bool { head == storage.count }
    var first: Waiter? { isEmpty ? nil : storage[head] }
    var waiters: ArraySlice<Waiter> { storage[head...] }

    mutating func append(_ waiter: Waiter) {
        storage.append(waiter)
    }

    @discardableResult
    mutating func removeFirst() -> Waiter {
        let waiter = storage[head]
        head += 1
        if head == storage.count {
            storage.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 64 && head * 2 >= storage.count {
            storage.removeFirst(head)
            head = 0
        }
        return waiter
    }

    /// Removes the waiter with `id`; whether it was queued.
    mutating func remove(id: RateLimiterStateMachine.WaiterID) -> Bool {
        guard let index = storage[head...].firstIndex(where: { $0.id == id }) else { return false }
        storage.remove(at: index)
        if head == storage.count {
            storage.removeAll(keepingCapacity: true)
            head = 0
        }
        return true
    }

    /// Removes and returns the last `k` waiters, newest last.
    mutating func removeLast(_ k: Int) -> [Waiter] {
        let removed = Array(storage.suffix(Swift.min(k, count)))
        storage.removeLast(removed.count)
        if head >= storage.count {
            storage.removeAll(keepingCapacity: true)
            head = 0
        }
        return removed
    }

    /// Moves every deadline to at most `latest` (keeps them non-decreasing).
    mutating func clampDeadlines(to latest: Instant) {
        for index in head..<storage.count where storage[index].deadline > latest {
            storage[index].deadline = latest
        }
    }
}
