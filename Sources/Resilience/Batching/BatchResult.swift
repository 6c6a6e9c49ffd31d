/// The order in which ``processInBatches(_:maxConcurrency:order:_:)`` delivers results.
public enum BatchOrder: Sendable, Hashable {
    /// As each job finishes: the fastest first. Nothing is held back.
    case completion
    /// In the order of the input, holding early finishers until their predecessors are done.
    case input
}

/// One job's outcome in a batch run: which input it was and what it produced.
///
/// Failures are values, not a thrown error, so one bad item does not end the stream (a sweep of
/// endpoints wants every endpoint's outcome).
public struct BatchResult<Output: Sendable>: Sendable {
    /// The job's position in the input, from 0.
    public var index: Int
    /// The job's result or error.
    public var result: Result<Output, any Error>

    /// Creates a result.
    public init(index: Int, result: Result<Output, any Error>) {
        self.index = index
        self.result = result
    }
}
