/// A first-in first-out queue on a growable ring buffer: O(1) push and pop, no shifting.
struct FIFO<Element> {
    private var storage: [Element?] = []
    private var head = 0
    private(set) var count = 0

    var isEmpty: Bool { count == 0 }

    mutating func push(_ element: Element) {
        if count == storage.count { grow() }
        storage[(head + count) % storage.count] = element
        count += 1
    }

    mutating func pop() -> Element? {
        guard count > 0 else { return nil }
        let element = storage[head]
        storage[head] = nil
        head = (head + 1) % storage.count
        count -= 1
        return element
    }

    private mutating func grow() {
        var bigger: [Element?] = Array(repeating: nil, count: max(16, storage.count * 2))
        for offset in 0..<count { bigger[offset] = storage[(head + offset) % storage.count] }
        storage = bigger
        head = 0
    }
}
