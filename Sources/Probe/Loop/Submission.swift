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
    /// Resumed exactly once, on the loop thread, with the outcome.
    var continuation: UnsafeContinuation<Outcome, Never>

    /// Hands `outcome` to the caller.
    func resume(_ outcome: Outcome) { continuation.resume(returning: outcome) }
}
