/// A fixed-capacity ring of ``Event``s numbered 1, 2, 3, … in append order.
///
/// The value type behind ``EventLog``: no locks, no clock, so tests drive it directly. Sequence
/// numbers are contiguous, so finding "events after N" is arithmetic, not a search, and the
/// oldest events are overwritten once the ring is full (the log is bounded by design).
public struct EventRing: Sendable, Equatable {
    /// The most events kept.
    public let capacity: Int
    private var storage: [Event] = []
    /// Index in `storage` of the oldest event once the ring has wrapped.
    private var head = 0
    /// The sequence number of the newest event (0 before the first).
    public private(set) var lastSequence: UInt64 = 0

    /// An empty ring holding at most `capacity` events (at least 1).
    public init(capacity: Int) {
        self.capacity = max(1, capacity)
        storage.reserveCapacity(min(self.capacity, 4_096))
    }

    /// Events held now.
    public var count: Int { storage.count }

    /// Events overwritten since the start.
    public var dropped: UInt64 { lastSequence - UInt64(storage.count) }

    /// The sequence number of the oldest event held, or `nil` when empty.
    public var firstSequence: UInt64? { storage.isEmpty ? nil : lastSequence - UInt64(storage.count) + 1 }

    /// Numbers `event` with the next sequence number, stores it (evicting the oldest when full)
    /// and returns it as stored.
    @discardableResult
    public mutating func append(_ event: Event) -> Event {
        var event = event
        lastSequence += 1
        event.sequence = lastSequence
        if storage.count < capacity {
            storage.append(event)
        } else {
            storage[head] = event
            head = (head + 1) % capacity
        }
        return event
    }

    /// Events with a sequence number greater than `sequence`, oldest first.
    ///
    /// A reader that fell behind by more than `capacity` gets what is left; it can tell how many
    /// it missed from the gap between `sequence` and the first returned number.
    public func events(after sequence: UInt64) -> [Event] {
        guard let first = firstSequence, sequence < lastSequence else { return [] }
        let skip = sequence < first ? 0 : Int(sequence - first + 1)
        return slice(from: skip, count: storage.count - skip)
    }

    /// The newest `n` events, oldest first.
    public func latest(_ n: Int) -> [Event] {
        let take = min(max(0, n), storage.count)
        return slice(from: storage.count - take, count: take)
    }

    /// `count` events starting `offset` places after the oldest, in order.
    private func slice(from offset: Int, count: Int) -> [Event] {
        guard count > 0 else { return [] }
        var result: [Event] = []
        result.reserveCapacity(count)
        for index in offset..<(offset + count) {
            result.append(storage[(head + index) % storage.count])
        }
        return result
    }
}
