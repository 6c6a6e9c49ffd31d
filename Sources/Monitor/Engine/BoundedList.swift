/// The newest `capacity` elements, oldest first: for timelines and recent errors.
struct BoundedList<Element: Sendable>: Sendable {
    private(set) var elements: [Element] = []
    let capacity: Int

    init(capacity: Int) { self.capacity = max(capacity, 1) }

    mutating func append(_ element: Element) {
        if elements.count == capacity { elements.removeFirst() }
        elements.append(element)
    }
}

extension BoundedList: Equatable where Element: Equatable {}
