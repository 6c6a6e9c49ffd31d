import CCurl
import Glibc
import Synchronization

/// The only state shared between callers and the loop thread: an inbox under a mutex, an eventfd
/// to wake the loop, and the stats the loop publishes.
///
/// Callers never touch libcurl; the loop never blocks on callers. The eventfd is written only when
/// the loop has said it is about to sleep (`loopSleeping`): while it is busy it will look at the
/// inbox anyway, so a burst of submissions, or submissions made on the loop thread itself (by
/// tasks running on ``ProbeLoopExecutor``), cost no system call.
final class ProbeLoopShared: Sendable {
    /// An alarm's sleep, for the loop to fire at `deadline` (monotonic nanoseconds).
    struct ArmedAlarm {
        let alarm: ProbeLoopAlarm
        let generation: UInt64
        let deadline: Int64
    }

    /// What callers have handed in since the loop last looked.
    struct Inbox {
        var submissions: [Submission] = []
        var cancellations: [UInt64] = []
        /// Jobs of tasks that prefer ``ProbeLoopExecutor``.
        var jobs: [UnownedJob] = []
        /// Alarms armed since the loop last looked.
        var alarms: [ArmedAlarm] = []
        var loopSleeping = false
        var closed = false
        var closedReason = ""
        /// Set when the loop thread has finished; jobs then go to the global executor.
        var loopExited = false

        var isEmpty: Bool { submissions.isEmpty && cancellations.isEmpty && jobs.isEmpty && alarms.isEmpty }
    }

    private let inbox: Mutex<Inbox>
    /// Whether `inbox.alarms` may be non-empty: lets the loop skip the lock for alarms on every
    /// iteration when none were armed.
    private let alarmsArmed = Atomic<Bool>(false)
    /// The loop thread's `pthread_t`, once it runs (0 before).
    private let loopThread = Atomic<UInt>(0)
    private let published = Mutex(ProberStats())
    /// Readable when the inbox has news; non-blocking, close-on-exec.
    let wakeFD: Int32

    init() {
        let fd = eventfd(0, Int32(EFD_NONBLOCK) | Int32(EFD_CLOEXEC))
        wakeFD = fd
        var initial = Inbox()
        if fd < 0 {
            initial.closed = true
            initial.loopExited = true
            initial.closedReason = "prober could not start: eventfd failed (errno \(errno))"
        }
        inbox = Mutex(initial)
    }

    deinit { if wakeFD >= 0 { Glibc.close(wakeFD) } }

    /// Queues `submission` for the loop, or returns why it cannot run (shut down, or the calling
    /// task is already cancelled — checked under the lock so a cancellation cannot slip between the
    /// check and the enqueue unnoticed).
    func submit(_ submission: Submission) -> ProbeError? {
        var wake = false
        let refusal: ProbeError? = inbox.withLock { state in
            if state.closed {
                return ProbeError(.cancelled, message: state.closedReason, transferStarted: false)
            }
            if Task.isCancelled {
                return ProbeError(
                    .cancelled, message: "probe cancelled before it started", transferStarted: false)
            }
            state.submissions.append(submission)
            wake = Self.claimWakeup(&state)
            return nil
        }
        if wake { signal() }
        return refusal
    }

    /// Asks the loop to cancel probe `id` wherever it is (queued or in flight); a no-op if finished.
    func cancel(_ id: UInt64) {
        var wake = false
        inbox.withLock { state in
            guard !state.closed else { return }
            state.cancellations.append(id)
            wake = Self.claimWakeup(&state)
        }
        if wake { signal() }
    }

    /// Queues a job for the loop thread; once the loop has exited, hands it to the global executor.
    func enqueue(_ job: UnownedJob) {
        var wake = false
        let accepted = inbox.withLock { state in
            guard !state.loopExited else { return false }
            state.jobs.append(job)
            wake = Self.claimWakeup(&state)
            return true
        }
        if wake { signal() }
        if !accepted { globalConcurrentExecutor.enqueue(job) }
    }

    /// Hands an armed alarm to the loop; `false` once the loop has exited (nothing would fire it).
    func arm(_ alarm: ProbeLoopAlarm, generation: UInt64, deadline: Int64) -> Bool {
        var wake = false
        let accepted = inbox.withLock { state in
            guard !state.loopExited else { return false }
            state.alarms.append(ArmedAlarm(alarm: alarm, generation: generation, deadline: deadline))
            alarmsArmed.store(true, ordering: .releasing)
            wake = Self.claimWakeup(&state)
            return true
        }
        if wake { signal() }
        return accepted
    }

    /// Takes the alarms armed since the last call (loop thread).
    func takeAlarms(into alarms: inout [ArmedAlarm]) {
        guard alarmsArmed.load(ordering: .acquiring) else { return }
        inbox.withLock { state in
            alarmsArmed.store(false, ordering: .relaxed)
            alarms.append(contentsOf: state.alarms)
            state.alarms.removeAll(keepingCapacity: true)
        }
    }

    /// Refuses new submissions from now on and wakes the loop so that it winds down.
    func close(reason: String) {
        inbox.withLock { state in
            if !state.closed {
                state.closed = true
                state.closedReason = reason
            }
        }
        signal()
    }

    /// Called by the loop thread when it starts.
    func registerLoopThread() { loopThread.store(UInt(pthread_self()), ordering: .releasing) }

    /// Whether the caller runs on the loop thread.
    var isLoopThread: Bool { loopThread.load(ordering: .acquiring) == UInt(pthread_self()) }

    /// Whether `close` was called.
    var isClosed: Bool { inbox.withLock { $0.closed } }

    /// Swaps the inbox's queues with the loop's (empty) buffers, so that neither side allocates in
    /// steady state. Returns whether the prober is closing.
    func take(submissions: inout [Submission], cancellations: inout [UInt64], jobs: inout [UnownedJob])
        -> Bool
    {
        inbox.withLock { state in
            swap(&state.submissions, &submissions)
            swap(&state.cancellations, &cancellations)
            swap(&state.jobs, &jobs)
            state.loopSleeping = false
            return state.closed
        }
    }

    /// Called by the loop before a blocking `epoll_wait`: returns `false` (do not block) if there is
    /// news already, otherwise records that the next submitter must write the eventfd.
    func prepareToSleep() -> Bool {
        inbox.withLock { state in
            if !state.isEmpty || state.closed { return false }
            state.loopSleeping = true
            return true
        }
    }

    /// Called by the loop thread as its last act: later jobs go to the global executor, and any
    /// left now are returned for the caller to forward.
    func markLoopExited() -> [UnownedJob] {
        let (jobs, alarms) = inbox.withLock { state in
            state.loopExited = true
            state.closed = true
            defer {
                state.jobs.removeAll()
                state.alarms.removeAll()
            }
            return (state.jobs, state.alarms)
        }
        // Nothing will time them any more: end their sleeps now.
        for armed in alarms { armed.alarm.fire(generation: armed.generation) }
        return jobs
    }

    /// Fails whatever was submitted before a loop that could not start closed the inbox.
    func drainAfterFailedStart() {
        var submissions: [Submission] = []
        var cancellations: [UInt64] = []
        var jobs: [UnownedJob] = []
        _ = take(submissions: &submissions, cancellations: &cancellations, jobs: &jobs)
        let reason = inbox.withLock { $0.closedReason }
        for submission in submissions { submission.resume(.failure(ProbeError(.cancelled, message: reason))) }
        for job in jobs + markLoopExited() { globalConcurrentExecutor.enqueue(job) }
        var stats = ProberStats()
        stats.stopped = true
        publish(stats)
    }

    /// The latest stats the loop published.
    var stats: ProberStats { published.withLock { $0 } }

    /// Called by the loop thread.
    func publish(_ stats: ProberStats) { published.withLock { $0 = stats } }

    /// Under the lock: whether this caller must write the eventfd (the loop is, or is about to be,
    /// asleep and nobody has woken it yet).
    private static func claimWakeup(_ state: inout Inbox) -> Bool {
        guard state.loopSleeping else { return false }
        state.loopSleeping = false
        return true
    }

    /// Makes the eventfd readable.
    private func signal() {
        guard wakeFD >= 0 else { return }
        var one: UInt64 = 1
        _ = write(wakeFD, &one, MemoryLayout<UInt64>.size)
    }

    /// Called by the loop thread when epoll reports the eventfd readable.
    func drainWakeups() {
        var count: UInt64 = 0
        _ = read(wakeFD, &count, MemoryLayout<UInt64>.size)
    }
}
