/// The state of a circuit breaker, including the two operator-held states.
public enum BreakerState: String, Sendable, Hashable, CaseIterable, Codable {
    /// Calls flow; outcomes are recorded and may trip the breaker.
    case closed
    /// Calls are rejected until the recovery timeout elapses.
    case open
    /// A limited number of trial calls decide whether to close or re-open.
    case halfOpen = "half_open"
    /// Held open by an operator (isolate): every call is rejected until released.
    case forcedOpen = "forced_open"
    /// Held by an operator in metrics-only mode: outcomes are recorded, nothing is rejected.
    case disabled

    /// Whether an operator holds the breaker in this state (automatic transitions are suspended).
    public var isOperatorHeld: Bool { self == .forcedOpen || self == .disabled }
}
