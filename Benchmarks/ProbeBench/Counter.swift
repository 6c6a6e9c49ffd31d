import Synchronization

/// Hands out at most `total` tickets across worker tasks.
final class Counter: Sendable {
    private let remaining: Atomic<Int>

    init(_ total: Int) { remaining = Atomic(total) }

    /// Takes a ticket; `false` once they are gone.
    func take() -> Bool {
        remaining.subtract(1, ordering: .relaxed).newValue >= 0
    }
}
