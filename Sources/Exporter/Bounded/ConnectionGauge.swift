import Synchronization

/// Counts the connections a listener holds, and refuses those above its cap.
///
/// Shared by the listener's ``ConnectionLimitHandler`` (which admits or refuses each accepted
/// connection) and whoever reports on the listener (metrics, logs), from any thread. A slot is
/// taken when a connection is admitted and given back when that connection's channel closes.
public final class ConnectionGauge: Sendable {
    /// The most connections held at once.
    public let limit: Int
    private let held = Atomic<Int>(0)
    private let refusedCount = Atomic<Int>(0)

    /// A gauge admitting at most `limit` connections (at least 1).
    public init(limit: Int) { self.limit = max(1, limit) }

    /// Connections held now.
    public var open: Int { held.load(ordering: .relaxed) }

    /// Connections closed at once because `limit` were already held, since start.
    public var refused: Int { refusedCount.load(ordering: .relaxed) }

    /// Takes a slot; `false` (and counted as refused) when all `limit` are held.
    func tryAdmit() -> Bool {
        var current = held.load(ordering: .relaxed)
        while current < limit {
            let (exchanged, original) = held.compareExchange(
                expected: current, desired: current + 1, ordering: .acquiringAndReleasing)
            if exchanged { return true }
            current = original
        }
        refusedCount.add(1, ordering: .relaxed)
        return false
    }

    /// Gives back a slot taken by ``tryAdmit()``.
    func release() {
        held.subtract(1, ordering: .acquiringAndReleasing)
    }
}
