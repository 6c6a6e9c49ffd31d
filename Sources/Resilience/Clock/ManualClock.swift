import Synchronization

/// A clock that moves only when told to: the test double for ``ResilienceClock``.
///
/// `advance(by:)` resumes every sleeper whose deadline has been reached, in deadline order.
/// Sleepers are cancellation-aware: a cancelled task's sleep throws `CancellationError` at once.
public final class ManualClock: ResilienceClock {
    private struct Sleeper {
        var id: UInt64
        var deadline: Instant
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now: Instant
        var nextID: UInt64 = 0
        var sleepers: [Sleeper] = []
    }

    private let state: Mutex<State>

    /// A clock standing at `start`.
    public init(start: Instant = .zero) { state = Mutex(State(now: start)) }

    /// The current instant.
    public func now() -> Instant { state.withLock { $0.now } }

    /// How many tasks are suspended in `sleep(until:)`; lets tests wait for a sleeper to arrive.
    public var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    /// The earliest deadline of a suspended sleeper, if any.
    public var nextDeadline: Instant? { state.withLock { $0.sleepers.map(\.deadline).min() } }

    /// Moves time forward by `duration` and resumes every sleeper now due.
    public func advance(by duration: Duration) {
        advance(to: now().advanced(by: duration))
    }

    /// Moves time forward to `instant` (never backward) and resumes every sleeper now due.
    public func advance(to instant: Instant) {
        let due: [Sleeper] = state.withLock { state in
            if instant > state.now { state.now = instant }
            let now = state.now
            let due = state.sleepers.filter { $0.deadline <= now }.sorted { $0.deadline < $1.deadline }
            state.sleepers.removeAll { $0.deadline <= now }
            return due
        }
        for sleeper in due { sleeper.continuation.resume() }
    }

    /// Suspends until the clock has been advanced to `deadline`.
    public func sleep(until deadline: Instant) async throws {
        let id = state.withLock { state -> UInt64 in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation {
                (continuation: CheckedContinuation<Void, any Error>) in
                let resumeNow: Result<Void, any Error>? = state.withLock { state in
                    if Task.isCancelled { return .failure(CancellationError()) }
                    if deadline <= state.now { return .success(()) }
                    state.sleepers.append(Sleeper(id: id, deadline: deadline, continuation: continuation))
                    return nil
                }
                if let resumeNow { continuation.resume(with: resumeNow) }
            }
        } onCancel: {
            let cancelled = state.withLock { state -> Sleeper? in
                guard let index = state.sleepers.firstIndex(where: { $0.id == id }) else { return nil }
                return state.sleepers.remove(at: index)
            }
            cancelled?.continuation.resume(throwing: CancellationError())
        }
    }
}
