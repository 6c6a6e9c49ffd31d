/// Thrown when a circuit breaker rejects a call without running it.
///
/// A typed error, so callers and the retry policy recognise a rejection by its type, never by
/// matching "Circuit breaker is OPEN" in a message. It carries how long
/// until a trial call will be admitted, when that is known.
public struct CircuitOpenError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The state that rejected the call: `.open`, `.halfOpen` (every trial slot taken) or `.forcedOpen`.
    public var state: BreakerState
    /// Time until the breaker admits a trial call: zero or less means due now. `nil` when unknown:
    /// half-open with its trials in flight, or forced open until an operator releases it.
    public var trialDueIn: Duration?

    /// Creates the error.
    public init(state: BreakerState, trialDueIn: Duration?) {
        self.state = state
        self.trialDueIn = trialDueIn
    }

    /// E.g. "circuit open: trial call due in 12s".
    public var description: String {
        switch state {
        case .forcedOpen: return "circuit forced open by an operator"
        case .halfOpen: return "circuit half-open: trial calls in flight"
        default:
            guard let trialDueIn else { return "circuit open" }
            if trialDueIn <= .zero { return "circuit open: trial call due now" }
            return "circuit open: trial call due in \(BreakerFormat.duration(trialDueIn))"
        }
    }
}
