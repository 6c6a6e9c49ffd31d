import CCurl
import Glibc
import Synchronization

/// The only state shared between callers and the loop thread: an inbox under a mutex, an eventfd
/// to wake the loop, and the stats the loop publishes.
///
/// Callers never touch libcurl; the loop never blocks on callers. A wake-up is written only when the
/// loop has not already been told to look (`wakePending`), so a burst of submissions costs one write.
final class ProbeLoopShared: Sendable {
    /// What callers have handed in since the loop last looked.
    struct Inbox {
        var submissions: [Submission] = []
        var cancellations: [UInt64] = []
        var wakePending = false
        var closed = false
        var closedReason = ""
    }

    private let inbox: Mutex<Inbox>
    private let published = Mutex(ProberStats())
    /// Readable when the inbox has news; non-blocking, close-on-exec.
    let wakeFD: Int32

    init() {
        let fd = eventfd(0, Int32(EFD_NONBLOCK) | Int32(EFD_CLOEXEC))
        wakeFD = fd
        var initial = Inbox()
        if fd < 0 {
            initial.closed = true
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
            if state.closed { return ProbeError(.cancelled, message: state.closedReason) }
            if Task.isCancelled {
                return ProbeError(.cancelled, message: "probe cancelled before it started")
            }
            state.submissions.append(submission)
            if !state.wakePending {
                state.wakePending = true
                wake = true
            }
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
            if !state.wakePending {
                state.wakePending = true
                wake = true
            }
        }
        if wake { signal() }
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

    /// Swaps the inbox's queues with the loop's (empty) buffers, so that neither side allocates in
    /// steady state. Returns whether the prober is closing.
    func take(submissions: inout [Submission], cancellations: inout [UInt64]) -> Bool {
        inbox.withLock { state in
            swap(&state.submissions, &submissions)
            swap(&state.cancellations, &cancellations)
            state.wakePending = false
            return state.closed
        }
    }

    /// Fails whatever was submitted before a loop that could not start closed the inbox.
    func drainAfterFailedStart() {
        var submissions: [Submission] = []
        var cancellations: [UInt64] = []
        _ = take(submissions: &submissions, cancellations: &cancellations)
        let reason = inbox.withLock { $0.closedReason }
        for submission in submissions { submission.resume(.failure(ProbeError(.cancelled, message: reason))) }
        var stats = ProberStats()
        stats.stopped = true
        publish(stats)
    }

    /// The latest stats the loop published.
    var stats: ProberStats { published.withLock { $0 } }

    /// Called by the loop thread.
    func publish(_ stats: ProberStats) { published.withLock { $0 = stats } }

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
