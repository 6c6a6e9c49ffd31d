/// One request on its way into the loop: what to send and whom to tell.
struct Submission: Sendable {
    /// The outcome a probe hands back to its caller.
    typealias Outcome = Result<ProbeResult, ProbeError>

    /// Unique per prober; names the probe in cancellations.
    var id: UInt64
    /// What to send.
    var request: ProbeRequest
    /// When the caller submitted it (monotonic nanoseconds), to report admission-queue time.
    var submittedAt: Int64
    /// How long it may wait in the admission queue for a connection, if the caller set a limit.
    var queueTimeout: Duration?
    /// Resumed exactly once, from the loop thread or a batch it hands to the global pool.
    var continuation: UnsafeContinuation<Outcome, Never>
    /// Whether the caller submitted from the loop thread (a task on ``ProbeLoopExecutor``): its
    /// continuation is then resumed directly, which costs no thread wake-up.
    var fromLoopThread: Bool

    /// The latest instant it may still be admitted (monotonic nanoseconds), if it has one.
    var queueDeadline: Int64? {
        guard let queueTimeout else { return nil }
        let (seconds, attoseconds) = queueTimeout.components
        let nanoseconds = max(0, seconds) &* 1_000_000_000 &+ max(0, attoseconds) / 1_000_000_000
        return submittedAt &+ nanoseconds
    }

    /// Hands `outcome` to the caller.
    func resume(_ outcome: Outcome) { continuation.resume(returning: outcome) }
}
