/// What the caller's classifier says about one failed attempt.
///
/// Classification is typed, never string matching: a `CircuitOpenError` or a rate-limit
/// rejection is `.doNotRetry` (fail fast), a timeout or a 503 is `.retry`, and a 429 or 503 with
/// a `Retry-After` header is `.retryAfter(hint)`.
public enum RetryDecision: Sendable, Hashable {
    /// The failure is transient: retry after the policy's computed delay.
    case retry
    /// The failure is transient and the server said when to come back: retry after this delay
    /// (held under the policy's cap) instead of the computed one.
    case retryAfter(Duration)
    /// The failure is permanent, or retrying would do harm: give up now.
    case doNotRetry

    /// The server's hint, if this decision carries one.
    public var retryAfterHint: Duration? {
        if case .retryAfter(let hint) = self { return hint }
        return nil
    }
}

/// Why a call stopped being retried.
public enum GiveUpReason: Sendable, Hashable, CustomStringConvertible {
    /// The classifier (the give-up predicate) said the error must not be retried.
    case doNotRetry
    /// All `maxTries` attempts were made.
    case maxTries(Int)
    /// The next retry would end after `maxTime`: `elapsed` so far plus the `delay` it would wait.
    case maxTime(elapsed: Duration, delay: Duration, limit: Duration)
    /// The retry budget refused the retry, so that an outage is not amplified.
    case budgetDenied

    /// Whether the call ran out of tries or time (what the dashboard counts as "exhausted").
    public var isExhausted: Bool {
        switch self {
        case .maxTries, .maxTime: true
        case .doNotRetry, .budgetDenied: false
        }
    }

    /// A short phrase for the events pane, e.g. `"all 3 tries failed"`.
    public var description: String {
        switch self {
        case .doNotRetry: "not retryable"
        case .maxTries(let tries): "all \(tries) tries failed"
        case .maxTime(let elapsed, let delay, let limit):
            "\(elapsed) elapsed + \(delay) delay would pass max time \(limit)"
        case .budgetDenied: "retry budget spent"
        }
    }
}

/// What ``RetrySchedule`` tells its owner to do after a failed attempt.
public enum RetryAction: Sendable, Hashable {
    /// Wait this long, then make attempt number `attempt`.
    case retry(after: Duration, attempt: Int)
    /// Stop: rethrow the last error.
    case giveUp(GiveUpReason)
}
