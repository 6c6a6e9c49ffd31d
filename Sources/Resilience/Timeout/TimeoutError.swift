/// An operation run under ``withTimeout(_:clock:operation:)`` did not finish in time and was
/// cancelled.
public struct TimeoutError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The time limit that was exceeded.
    public var duration: Duration

    /// Creates the error for a limit of `duration`.
    public init(duration: Duration) { self.duration = duration }

    /// `"timed out after 2.0 seconds"`.
    public var description: String { "timed out after \(duration)" }
}
