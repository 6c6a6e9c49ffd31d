import Synchronization

/// ``ManualClock``'s ``ResilienceTimer``: a sleep ends when the clock is advanced to its
/// deadline, on ``wake()``, or when the sleeping task is cancelled.
///
/// The clock keeps the timer's deadline among its sleepers, so ``ManualClock/nextDeadline`` says
/// until when; ``isSleeping`` tells a test that the timer's owner has gone to sleep, so that the
/// clock's next advance is measured against a deadline the owner took before it.
public final class ManualTimer: ResilienceTimer {
    private let state = Mutex(SleeperState())
    private let clock: ManualClock

    init(clock: ManualClock) { self.clock = clock }

    /// Suspends until the clock is advanced to `deadline`, ``wake()``, or cancellation.
    public func sleep(until deadline: Instant) async {
        await withTaskCancellationHandler {
            await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
                let cancelled = Task.isCancelled
                let generation = state.withLock { $0.begin(continuation, cancelled: cancelled) }
                guard let generation else {
                    continuation.resume()
                    return
                }
                if !clock.arm(self, generation: generation, deadline: deadline) {
                    fire(generation: generation)
                }
            }
        } onCancel: {
            wake()
        }
    }

    /// Ends the current sleep now, or makes the next one return at once.
    public func wake() {
        let continuation = state.withLock { $0.wake() }
        guard let continuation else { return }
        clock.disarm(self)
        continuation.resume()
    }

    /// Whether the timer's owner is suspended in ``sleep(until:)``.
    public var isSleeping: Bool { state.withLock { $0.isSleeping } }

    /// Whether sleep `generation` is still waiting.
    func isSleeping(generation: UInt64) -> Bool {
        state.withLock { $0.generation == generation && $0.isSleeping }
    }

    /// Called by the clock when sleep `generation`'s deadline has been reached.
    func fire(generation: UInt64) {
        let continuation = state.withLock { $0.fire(generation: generation) }
        continuation?.resume()
    }
}
