/// What a finished call means to a circuit breaker.
///
/// The caller (or a classifier passed to ``CircuitBreaker/execute(isolation:_:classify:)``) decides,
/// so the breaker never guesses from error strings: which errors count as failures is explicit
/// and typed.
public enum CallOutcome: Sendable, Hashable, CaseIterable {
    /// The call worked: resets the consecutive-failure count and counts toward closing a half-open breaker.
    case success
    /// The call failed in a way that says the dependency is unhealthy.
    case failure
    /// Neither: the call does not count (a cancelled call, a client-side error, a 404 you expected).
    ///
    /// An ignored half-open trial gives its slot back, so the breaker cannot be stuck waiting for a
    /// verdict that never comes.
    case ignored

    /// The default classifier: success is `.success`, `CancellationError` is `.ignored`, any other
    /// error is `.failure`.
    public static func classify<T>(_ result: Result<T, any Error>) -> CallOutcome {
        switch result {
        case .success: .success
        case .failure(let error): error is CancellationError ? .ignored : .failure
        }
    }

    /// A classifier by predicate: errors matching `isFailure` are failures, any other error is
    /// ignored (it propagates to the caller without moving the breaker), success is success.
    public static func failing<T>(
        when isFailure: @escaping @Sendable (any Error) -> Bool
    ) -> @Sendable (Result<T, any Error>) -> CallOutcome {
        { result in
            switch result {
            case .success: .success
            case .failure(let error): isFailure(error) ? .failure : .ignored
            }
        }
    }
}
