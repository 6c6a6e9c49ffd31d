import Testing

@testable import Resilience

/// Drives a ``CircuitBreakerStateMachine`` with an explicit, test-controlled `now`.
struct BreakerDriver {
    var machine: CircuitBreakerStateMachine
    var now: Instant

    init(_ configuration: CircuitBreakerConfiguration = .init(), start: Instant = .zero) {
        machine = CircuitBreakerStateMachine(configuration: configuration, now: start)
        now = start
    }

    var state: BreakerState { machine.state }
    var snapshot: CircuitBreakerSnapshot { machine.snapshot(now: now) }

    mutating func advance(_ duration: Duration) { now = now.advanced(by: duration) }

    mutating func acquire() -> CircuitBreakerStateMachine.AcquireAction { machine.acquire(now: now) }

    /// Acquires and expects a permit; records a test issue and returns nil when rejected.
    mutating func permit(sourceLocation: SourceLocation = #_sourceLocation) -> BreakerPermit? {
        switch machine.acquire(now: now) {
        case .permitted(let permit, _): return permit
        case .rejected(let error):
            Issue.record("expected a permit, got \(error)", sourceLocation: sourceLocation)
            return nil
        }
    }

    /// Acquires and expects a rejection.
    mutating func rejection(sourceLocation: SourceLocation = #_sourceLocation) -> CircuitOpenError? {
        switch machine.acquire(now: now) {
        case .permitted(let permit, _):
            Issue.record("expected a rejection, got \(permit)", sourceLocation: sourceLocation)
            return nil
        case .rejected(let error): return error
        }
    }

    @discardableResult
    mutating func record(_ outcome: CallOutcome, _ permit: BreakerPermit?, duration: Duration = .zero)
        -> BreakerTransition?
    {
        guard let permit else { return nil }
        return machine.record(outcome, duration: duration, permit: permit, now: now)
    }

    /// One whole call: acquire (must be admitted), then record.
    @discardableResult
    mutating func call(
        _ outcome: CallOutcome, duration: Duration = .zero, sourceLocation: SourceLocation = #_sourceLocation
    ) -> BreakerTransition? {
        record(outcome, permit(sourceLocation: sourceLocation), duration: duration)
    }

    /// Several calls with the same outcome; returns the last transition produced.
    @discardableResult
    mutating func calls(_ count: Int, _ outcome: CallOutcome, duration: Duration = .zero)
        -> BreakerTransition?
    {
        var last: BreakerTransition?
        for _ in 0..<count {
            if let transition = call(outcome, duration: duration) { last = transition }
        }
        return last
    }
}
