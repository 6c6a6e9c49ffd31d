public import Resilience

extension BreakerState {
    /// Whether scripts should treat this state as "the breaker is open": `open`, `half_open`
    /// (not yet recovered) and `forced_open` (isolated by an operator). `disabled` lets calls
    /// through, so it is not.
    public var countsAsOpen: Bool {
        switch self {
        case .open, .halfOpen, .forcedOpen: true
        case .closed, .disabled: false
        }
    }
}

extension Snapshot {
    /// Names of the endpoints whose breaker ``BreakerState/countsAsOpen``, in config order: what
    /// `ethotop snapshot --fail-on-open` exits 3 for.
    public var openBreakerEndpoints: [String] {
        endpoints.filter { $0.breaker.state.countsAsOpen }.map(\.name)
    }
}
