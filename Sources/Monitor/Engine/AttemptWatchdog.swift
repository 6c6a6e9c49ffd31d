import Probe
import Resilience
import Synchronization

/// The engine's backstop above libcurl's own timeout: one task that cancels probes whose attempt
/// has run past its deadline.
///
/// libcurl enforces `timeout` once a transfer runs, and says in which phase it fired; but a
/// request queued for a connection (the pool is full) waits outside libcurl's timer. The backstop
/// guarantees that no attempt waits longer than `timeout + 1s` whatever happens below it.
///
/// It used to be a `withTimeout` per attempt: a task group, two child tasks and a timer for every
/// request, which at 10,000 probes a second cost about a sixth of the engine's CPU (most of it
/// timers armed for a deadline that almost never comes). Here an attempt only registers its
/// deadline in a table (a lock and a dictionary insert), and one task sweeps the table every
/// ``tick`` while anything is registered. A deadline therefore fires up to one tick late, which
/// a backstop one second above the real timeout can afford.
///
/// Firing cancels the probe's task, which ends the probe (cancellation is not undone, so there
/// is no retry): an attempt that overran the backstop found the pool saturated, and retrying
/// would only queue again. The attempt learns that its cancellation was the watchdog's, not the
/// engine stopping, from ``disarm(_:)``, and records a `timeout`.
final class AttemptWatchdog: Sendable {
    /// How often the table is swept while attempts are registered.
    static let tick: Duration = .milliseconds(100)

    /// The running task of a registered attempt.
    ///
    /// `UnsafeCurrentTask` may only be used while its task runs. That holds: an attempt is
    /// registered from inside its task and always calls ``disarm(_:)`` before it returns, and
    /// both ``disarm(_:)`` and the sweep's `cancel()` hold the lock, so a task is never cancelled
    /// after it left the table.
    private struct Armed: @unchecked Sendable {
        var deadline: Instant
        var task: UnsafeCurrentTask
    }

    private struct State: Sendable {
        var armed: [UInt64: Armed] = [:]
        var nextID: UInt64 = 0
    }

    private let state = Mutex(State())
    private let clock: any ResilienceClock

    init(clock: any ResilienceClock) {
        self.clock = clock
    }

    /// Registers the calling task until `deadline`; returns the token for ``disarm(_:)``, or
    /// `nil` when not called from a task (nothing to cancel, nothing registered).
    func arm(deadline: Instant) -> UInt64? {
        withUnsafeCurrentTask { task -> UInt64? in
            guard let task else { return nil }
            return state.withLock { state in
                state.nextID += 1
                state.armed[state.nextID] = Armed(deadline: deadline, task: task)
                return state.nextID
            }
        }
    }

    /// Unregisters an attempt; `false` when the watchdog already fired for it (its task has been
    /// cancelled because the deadline passed).
    @discardableResult
    func disarm(_ token: UInt64?) -> Bool {
        guard let token else { return true }
        return state.withLock { $0.armed.removeValue(forKey: token) != nil }
    }

    /// Attempts registered now.
    var armedCount: Int { state.withLock { $0.armed.count } }

    /// Sweeps until cancelled: every ``tick`` while anything is registered, else once a second
    /// (an attempt registered meanwhile has a deadline more than a second ahead).
    func run(timer: any ResilienceTimer) async {
        while !Task.isCancelled {
            let now = clock.now()
            let idle = sweep(now: now)
            await timer.sleep(until: now.advanced(by: idle ? .seconds(1) : Self.tick))
        }
    }

    /// Cancels every attempt whose deadline has passed; returns whether the table is now empty.
    func sweep(now: Instant) -> Bool {
        state.withLock { state in
            guard !state.armed.isEmpty else { return true }
            var expired: [UInt64] = []
            for (token, armed) in state.armed where armed.deadline <= now {
                expired.append(token)
            }
            for token in expired {
                // Under the lock, so the task cannot finish (and be freed) in between.
                state.armed.removeValue(forKey: token)?.task.cancel()
            }
            return state.armed.isEmpty
        }
    }
}
