import Synchronization

/// A FIFO token-bucket rate limiter shared by the tasks that call it: `calls` per `period`,
/// never sleeping inside its critical section.
///
/// The logic is ``RateLimiterStateMachine``; this owner applies it under a `Mutex`, never sleeps or
/// resumes anyone while holding it, and keeps one timer task alive only while callers wait. The
/// timer sleeps on the injected clock until the head's permit is due, ticks the machine, and
/// resumes the granted callers outside the lock.
///
/// Cancellation-safe: a cancelled waiter leaves the queue at once and throws
/// ``RateLimitError/cancelled``; if its permit was granted in the same instant, the permit goes
/// to the next waiter (or back into the bucket), so none is lost.
public final class RateLimiter: Sendable {
    /// How a waiter's wait ended.
    enum Outcome: Sendable {
        case granted
        case failed(RateLimitError)
    }

    /// A queued caller as seen by the owner: between `machine.acquire` and the continuation being
    /// registered it is `pending`, and an outcome that arrives in that gap is parked as `resolved`.
    enum Slot: Sendable {
        case pending
        case waiting(CheckedContinuation<Outcome, Never>)
        case resolved(Outcome)
    }

    struct State: Sendable {
        var machine: RateLimiterStateMachine
        var nextID: RateLimiterStateMachine.WaiterID = 0
        var slots: [RateLimiterStateMachine.WaiterID: Slot] = [:]
        /// The instant the running timer will tick at; `nil` when no timer runs.
        var timerTarget: Instant?
        /// Bumped whenever a timer is superseded, so a stale one exits without ticking.
        var timerGeneration: UInt64 = 0
        var timerTask: Task<Void, Never>?
    }

    /// A continuation to resume once the lock is released.
    struct Resumption {
        var continuation: CheckedContinuation<Outcome, Never>
        var outcome: Outcome
        func callAsFunction() { continuation.resume(returning: outcome) }
    }

    let state: Mutex<State>
    let clock: any ResilienceClock

    /// A limiter whose bucket starts full.
    public init(
        configuration: RateLimiterConfiguration, clock: any ResilienceClock = SystemClock.shared,
        waitWindow: LatencyWindowConfiguration = .init()
    ) {
        self.clock = clock
        let machine = RateLimiterStateMachine(
            configuration: configuration, now: clock.now(), waitWindow: waitWindow)
        self.state = Mutex(State(machine: machine))
    }

    /// Waits for a permit, in arrival order.
    ///
    /// Returns at once when a permit is free and nobody is queued (no allocation, no suspension).
    /// Throws at once when the queue is full or the wait would exceed `maxWait`; throws
    /// ``RateLimitError/cancelled`` when the calling task is cancelled before or while waiting.
    public func acquire() async throws(RateLimitError) {
        if Task.isCancelled { throw .cancelled }
        enum First {
            case granted, rejected(RateLimitError), queued(RateLimiterStateMachine.WaiterID, TimerPlan?)
        }
        let first: First = state.withLock { state in
            state.nextID &+= 1
            let id = state.nextID
            switch state.machine.acquire(id, now: clock.now()) {
            case .granted: return .granted
            case .rejected(let error): return .rejected(error)
            case .enqueued:
                state.slots[id] = .pending
                return .queued(id, planTimer(&state))
            }
        }
        switch first {
        case .granted: return
        case .rejected(let error): throw error
        case .queued(let id, let timer):
            startTimer(timer)
            try await waitQueued(id)
        }
    }

    /// The slow path of ``acquire()``, kept out of it so the fast path's async frame stays small.
    private func waitQueued(_ id: RateLimiterStateMachine.WaiterID) async throws(RateLimitError) {
        switch await wait(for: id) {
        case .failed(let error): throw error
        case .granted:
            // Cancelled in the instant the permit came: hand it on rather than lose it.
            if Task.isCancelled {
                giveBack()
                throw .cancelled
            }
        }
    }

    /// Takes a permit only if one is free now and nobody is queued; never waits.
    public func tryAcquire() -> Bool {
        state.withLock { $0.machine.tryAcquire(now: clock.now()) }
    }

    /// Metrics now. The O(1) part is read under the lock; wait-time percentiles are computed on a
    /// copy outside it, so a dashboard refresh never holds up callers.
    public func snapshot() -> RateLimiterSnapshot {
        let (machine, now) = state.withLock { ($0.machine, clock.now()) }
        return machine.snapshot(now: now)
    }

    /// The configuration in force.
    public var configuration: RateLimiterConfiguration { state.withLock { $0.machine.configuration } }

    /// Applies a new configuration (a config reload); see ``RateLimiterStateMachine/reconfigure(_:now:)``.
    public func reconfigure(_ configuration: RateLimiterConfiguration) {
        let (resumptions, timer) = state.withLock { state in
            let action = state.machine.reconfigure(configuration, now: clock.now())
            return (state.resolve(action), planTimer(&state))
        }
        startTimer(timer)
        for resume in resumptions { resume() }
    }

    // MARK: - Waiting

    /// Suspends until the queued waiter `id` is granted, rejected or cancelled.
    private func wait(for id: RateLimiterStateMachine.WaiterID) async -> Outcome {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Outcome, Never>) in
                let ready: Outcome? = state.withLock { state in
                    if case .resolved(let outcome) = state.slots[id] {
                        state.slots[id] = nil
                        return outcome
                    }
                    state.slots[id] = .waiting(continuation)
                    return nil
                }
                if let ready { continuation.resume(returning: ready) }
            }
        } onCancel: {
            let continuation: CheckedContinuation<Outcome, Never>? = state.withLock { state in
                guard state.machine.cancel(id, now: clock.now()) == .removed else { return nil }
                switch state.slots.removeValue(forKey: id) {
                case .waiting(let continuation): return continuation
                case .pending: state.slots[id] = .resolved(.failed(.cancelled))
                case .resolved, nil: break
                }
                return nil
            }
            continuation?.resume(returning: .failed(.cancelled))
        }
    }

    /// Returns a permit granted to a caller that was cancelled in the same instant.
    private func giveBack() {
        let (resumptions, timer) = state.withLock { state in
            let action = state.machine.refund(now: clock.now())
            return (state.resolve(action), planTimer(&state))
        }
        startTimer(timer)
        for resume in resumptions { resume() }
    }
}

extension RateLimiter.State {
    /// Hands the machine's decisions to the waiters: continuations to resume after unlocking, or
    /// outcomes parked for waiters that have not registered their continuation yet.
    mutating func resolve(_ action: RateLimiterStateMachine.TickAction) -> [RateLimiter.Resumption] {
        var resumptions: [RateLimiter.Resumption] = []
        func settle(_ id: RateLimiterStateMachine.WaiterID, _ outcome: RateLimiter.Outcome) {
            switch slots.removeValue(forKey: id) {
            case .waiting(let continuation):
                resumptions.append(.init(continuation: continuation, outcome: outcome))
            case .pending: slots[id] = .resolved(outcome)
            case .resolved, nil: break
            }
        }
        for id in action.granted { settle(id, .granted) }
        for rejection in action.rejected { settle(rejection.id, .failed(rejection.error)) }
        return resumptions
    }
}
