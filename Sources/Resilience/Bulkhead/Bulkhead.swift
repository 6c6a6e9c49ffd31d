import Synchronization

/// A concurrency limit with its own small queue: at most `maxConcurrent` calls run at once,
/// up to `maxQueue` more wait in FIFO order (each at most `maxWait`), the rest are turned away
/// with ``BulkheadFullError``.
///
/// The bookkeeping is the value type ``BulkheadState``, applied under a `Mutex` together with the
/// waiters' continuations; every resumption happens after the lock is released, and nothing
/// ever sleeps or awaits while holding it. A waiter whose task is cancelled leaves the queue at
/// once and throws `CancellationError`; a slot that was handed to it in the same instant is
/// given back, so no slot is ever lost.
public final class Bulkhead: Sendable {
    private struct Guarded {
        var machine: BulkheadState
        var waiters: [UInt64: CheckedContinuation<Void, any Error>] = [:]
        var timers: [UInt64: Task<Void, Never>] = [:]
    }

    private let guarded: Mutex<Guarded>
    private let nextID = Atomic<UInt64>(0)
    private let clock: any ResilienceClock

    /// The concurrency limit.
    public let maxConcurrent: Int
    /// The queue limit.
    public let maxQueue: Int
    /// How long a queued call may wait for a slot (`nil`: until it gets one or is cancelled).
    public let maxWait: Duration?

    /// Creates a bulkhead.
    ///
    /// - Parameters:
    ///   - maxConcurrent: calls allowed to run at once (at least 1).
    ///   - maxQueue: calls allowed to wait for a slot; 0 turns callers away at once when full.
    ///   - maxWait: how long a caller may wait in the queue; `nil` for no limit.
    ///   - clock: the clock `maxWait` is measured on.
    public init(
        maxConcurrent: Int, maxQueue: Int = 0, maxWait: Duration? = nil,
        clock: any ResilienceClock = SystemClock.shared
    ) {
        let machine = BulkheadState(maxConcurrent: maxConcurrent, maxQueue: maxQueue, maxWait: maxWait)
        self.maxConcurrent = machine.maxConcurrent
        self.maxQueue = machine.maxQueue
        self.maxWait = maxWait
        self.clock = clock
        guarded = Mutex(Guarded(machine: machine))
    }

    /// Occupancy and counters now. Reading changes nothing.
    public var metrics: BulkheadMetrics { guarded.withLock { $0.machine.snapshot } }

    /// Runs `body` holding a slot, waiting in the queue for one if need be.
    ///
    /// - Throws: ``BulkheadFullError`` when turned away, `CancellationError` when the task is
    ///   cancelled before `body` starts, or whatever `body` throws.
    public func withPermit<T>(
        isolation: isolated (any Actor)? = #isolation, _ body: () async throws -> T
    ) async throws -> T {
        try await acquire()
        defer { release() }
        // Cancelled in the same instant the slot was handed over: give it straight back.
        try Task.checkCancellation()
        return try await body()
    }

    /// Takes a slot without waiting; returns `false` when none is free or others are queued.
    /// A `true` must be paired with ``release()``.
    public func tryAcquire() -> Bool { guarded.withLock { $0.machine.tryAcquire() } }

    /// Waits for a slot. Pair with ``release()``; prefer ``withPermit(isolation:_:)``.
    ///
    /// - Throws: ``BulkheadFullError`` or `CancellationError`; no slot is held after a throw.
    public func acquire() async throws {
        try Task.checkCancellation()
        if tryAcquire() { return }
        let id = nextID.wrappingAdd(1, ordering: .relaxed).newValue
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation {
                (continuation: CheckedContinuation<Void, any Error>) in
                enqueue(id: id, continuation: continuation)
            }
        } onCancel: {
            let (continuation, timer) = guarded.withLock { guarded in
                guard guarded.machine.cancel(id: id) else {
                    return (CheckedContinuation<Void, any Error>?.none, Task<Void, Never>?.none)
                }
                return (guarded.waiters.removeValue(forKey: id), guarded.timers.removeValue(forKey: id))
            }
            timer?.cancel()
            continuation?.resume(throwing: CancellationError())
        }
    }

    /// Gives a slot back, handing it to the oldest waiter if there is one.
    public func release() {
        let (continuation, timer) = guarded.withLock { guarded in
            guard case .handOff(let id) = guarded.machine.release() else {
                return (CheckedContinuation<Void, any Error>?.none, Task<Void, Never>?.none)
            }
            return (guarded.waiters.removeValue(forKey: id), guarded.timers.removeValue(forKey: id))
        }
        timer?.cancel()
        continuation?.resume()
    }

    /// The slow path, run synchronously inside the continuation's closure: decide under the lock
    /// (a slot may have been freed since the fast path), resume or park outside it.
    private func enqueue(id: UInt64, continuation: CheckedContinuation<Void, any Error>) {
        let now = clock.now()
        let action: BulkheadState.AcquireAction? = guarded.withLock { guarded in
            // The cancellation handler may already have run (and found nothing to remove):
            // checking here, under the same lock, closes that window.
            if Task.isCancelled { return nil }
            let action = guarded.machine.acquire(id: id, now: now)
            if case .enqueued = action { guarded.waiters[id] = continuation }
            return action
        }
        switch action {
        case nil: continuation.resume(throwing: CancellationError())
        case .granted: continuation.resume()
        case .rejected(let error): continuation.resume(throwing: error)
        case .enqueued(let deadline): if let deadline { startTimer(id: id, deadline: deadline) }
        }
    }

    /// Expires waiter `id` at `deadline` unless it leaves the queue first (then the timer is
    /// cancelled, which ends its clock sleep at once).
    private func startTimer(id: UInt64, deadline: Instant) {
        let timer = Task { [clock] in
            do { try await clock.sleep(until: deadline) } catch { return }
            self.expire(id: id)
        }
        let stillQueued = guarded.withLock { guarded in
            guard guarded.machine.isQueued(id) else { return false }
            guarded.timers[id] = timer
            return true
        }
        if !stillQueued { timer.cancel() }
    }

    private func expire(id: UInt64) {
        let expired = guarded.withLock {
            guarded -> (CheckedContinuation<Void, any Error>, BulkheadFullError)? in
            guard let error = guarded.machine.expire(id: id),
                let continuation = guarded.waiters.removeValue(forKey: id)
            else { return nil }
            guarded.timers[id] = nil
            return (continuation, error)
        }
        if let (continuation, error) = expired { continuation.resume(throwing: error) }
    }
}
