import Synchronization

/// A clock that moves only when told to: the test double for ``ResilienceClock``.
///
/// `advance(by:)` resumes every sleeper whose deadline has been reached, in deadline order: tasks
/// in ``sleep(until:)`` and the sleeps of its timers (``makeTimer(realTime:)``) alike. Sleepers
/// are cancellation-aware: a cancelled task's sleep throws `CancellationError` at once.
public final class ManualClock: ResilienceClock {
    private struct Sleeper {
        var id: UInt64
        var deadline: Instant
        var wakeUp: WakeUp

        func isTimer(_ timer: ManualTimer) -> Bool {
            if case .timer(let armed, _) = wakeUp { return armed === timer }
            return false
        }
    }

    /// Whom a sleeper's deadline resumes.
    private enum WakeUp {
        case task(CheckedContinuation<Void, any Error>)
        /// Sleep `generation` of a timer; the timer ignores a generation it no longer sleeps in.
        case timer(ManualTimer, generation: UInt64)

        func resume() {
            switch self {
            case .task(let continuation): continuation.resume()
            case .timer(let timer, let generation): timer.fire(generation: generation)
            }
        }
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

    /// How many tasks and timers are waiting for a deadline; lets tests wait for a sleeper to
    /// arrive before they advance the clock.
    public var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    /// The earliest deadline of a waiting sleeper, if any.
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
        for sleeper in due { sleeper.wakeUp.resume() }
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
                    state.sleepers.append(Sleeper(id: id, deadline: deadline, wakeUp: .task(continuation)))
                    return nil
                }
                if let resumeNow { continuation.resume(with: resumeNow) }
            }
        } onCancel: {
            let cancelled = state.withLock { state -> Sleeper? in
                guard let index = state.sleepers.firstIndex(where: { $0.id == id }) else { return nil }
                return state.sleepers.remove(at: index)
            }
            if case .task(let continuation)? = cancelled?.wakeUp {
                continuation.resume(throwing: CancellationError())
            }
        }
    }

    /// A timer that sleeps until this clock is advanced to its deadline; `realTime` is not used.
    public func makeTimer(realTime: () -> any ResilienceTimer) -> any ResilienceTimer {
        ManualTimer(clock: self)
    }

    /// Registers sleep `generation` of `timer` until `deadline`, replacing the timer's earlier
    /// registration (a timer has one sleeper); `false` when `deadline` has already been reached.
    /// A sleep that was woken before it got here is not registered (the timer's lock is only
    /// ever taken inside the clock's, never the other way round).
    func arm(_ timer: ManualTimer, generation: UInt64, deadline: Instant) -> Bool {
        state.withLock { state in
            state.sleepers.removeAll { $0.isTimer(timer) }
            guard timer.isSleeping(generation: generation) else { return true }
            guard deadline > state.now else { return false }
            state.nextID += 1
            state.sleepers.append(
                Sleeper(id: state.nextID, deadline: deadline, wakeUp: .timer(timer, generation: generation)))
            return true
        }
    }

    /// Forgets `timer`'s registration (its sleep ended early).
    func disarm(_ timer: ManualTimer) {
        state.withLock { state in state.sleepers.removeAll { $0.isTimer(timer) } }
    }
}
