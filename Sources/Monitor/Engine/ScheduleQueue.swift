public import Resilience

/// A min-heap of probe deadlines: which endpoint is due next, in O(log n).
///
/// The scheduler sleeps until ``nextDeadline`` and pops everything due; 10,000 endpoints cost
/// one heap, not 10,000 sleeping tasks. Entries carry a generation so that a rescheduled or
/// removed endpoint's stale entry is skipped instead of searched for.
public struct ScheduleQueue: Sendable {
    /// One scheduled probe.
    public struct Entry: Sendable, Equatable {
        /// When the probe is due.
        public var due: Instant
        /// The endpoint's slot in the engine's table.
        public var endpoint: Int
        /// The endpoint's schedule generation when this entry was made.
        public var generation: UInt64
    }

    private var heap: [Entry] = []

    /// An empty queue.
    public init() {}

    /// Number of entries, stale ones included.
    public var count: Int { heap.count }

    /// The earliest deadline, if any.
    public var nextDeadline: Instant? { heap.first?.due }

    /// Adds an entry.
    public mutating func push(_ entry: Entry) {
        heap.append(entry)
        siftUp(heap.count - 1)
    }

    /// Removes and returns every entry due at or before `now`, earliest first.
    public mutating func popDue(now: Instant) -> [Entry] {
        var due: [Entry] = []
        while let first = heap.first, first.due <= now {
            due.append(first)
            removeFirst()
        }
        return due
    }

    private mutating func removeFirst() {
        let last = heap.removeLast()
        guard !heap.isEmpty else { return }
        heap[0] = last
        siftDown(0)
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].due < heap[parent].due else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < heap.count, heap[left].due < heap[smallest].due { smallest = left }
            if right < heap.count, heap[right].due < heap[smallest].due { smallest = right }
            guard smallest != parent else { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
