import Resilience
import Synchronization

/// A reusable timer served by the prober's loop thread: `sleep(for:)` suspends until the delay
/// has passed or until ``wake()``.
///
/// `Task.sleep` costs a timer on Dispatch's manager thread and a wake-up of a pool thread every
/// time it fires, then another hop to resume the sleeper. A scheduler that sleeps a hundred times
/// a second between probes paid more for those wake-ups than for its probes (on a VM a thread
/// wake-up costs tens of microseconds). The loop thread waits in `epoll_wait` anyway: an alarm
/// only shortens that wait, and a sleeper running on ``ProbeLoopExecutor`` is resumed right there,
/// on the thread that will send its probes, with no other thread woken.
///
/// One sleeper at a time. A ``wake()`` that comes while nobody sleeps is remembered: the next
/// `sleep(for:)` returns at once (so a wake-up between deciding to sleep and sleeping is never
/// lost).
public final class ProbeLoopAlarm: Sendable {
    private let state = Mutex(SleeperState())
    private let shared: ProbeLoopShared

    init(shared: ProbeLoopShared) { self.shared = shared }

    /// Suspends until `delay` has passed (to the loop's millisecond resolution), ``wake()`` is
    /// called, or the calling task is cancelled. Never throws: the caller checks for cancellation.
    public func sleep(for delay: Duration) async {
        let nanoseconds =
            delay.components.seconds &* 1_000_000_000 &+ delay.components.attoseconds / 1_000_000_000
        let deadline = MonotonicClock.nanoseconds() &+ max(0, nanoseconds)
        await withTaskCancellationHandler {
            await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
                let cancelled = Task.isCancelled
                let generation = state.withLock { $0.begin(continuation, cancelled: cancelled) }
                guard let generation else {
                    continuation.resume()
                    return
                }
                if !shared.arm(self, generation: generation, deadline: deadline) {
                    // The loop has stopped: nothing will fire it.
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
        continuation?.resume()
    }

    /// Called by the loop when sleep `generation`'s deadline has passed (or the loop stops).
    func fire(generation: UInt64) {
        let continuation = state.withLock { $0.fire(generation: generation) }
        continuation?.resume()
    }
}
