/// A min-heap of `(deadline, id)` pairs: the queued requests' deadlines, earliest first.
///
/// Entries are never removed from the middle: the owner pops an entry whose request has left the
/// queue when it reaches the top (lazy deletion), so admitting a request costs nothing here.
struct DeadlineHeap {
    private var entries: [(deadline: Int64, id: UInt64)] = []

    var isEmpty: Bool { entries.isEmpty }

    /// The earliest entry.
    var top: (deadline: Int64, id: UInt64)? { entries.first }

    mutating func push(deadline: Int64, id: UInt64) {
        entries.append((deadline, id))
        var child = entries.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard entries[child].deadline < entries[parent].deadline else { break }
            entries.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns the earliest entry.
    @discardableResult
    mutating func pop() -> (deadline: Int64, id: UInt64)? {
        guard let first = entries.first else { return nil }
        let last = entries.removeLast()
        guard !entries.isEmpty else { return first }
        entries[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < entries.count, entries[left].deadline < entries[smallest].deadline { smallest = left }
            if right < entries.count, entries[right].deadline < entries[smallest].deadline {
                smallest = right
            }
            guard smallest != parent else { break }
            entries.swapAt(parent, smallest)
            parent = smallest
        }
        return first
    }

    mutating func removeAll() { entries.removeAll() }
}
