/// Operator commands: what the dashboard's keys do to a breaker.
///
/// | command | from | to | notes |
/// | --- | --- | --- | --- |
/// | `reset` | any | closed | window, streak and trip run cleared; new generation even if already closed |
/// | `forceOpen` | any but forced-open | forced-open | rejects everything until released |
/// | `disable` | any but disabled | disabled | admits everything, keeps recording the window |
/// | `release` | forced-open | half-open | no evidence while isolated, so trial calls decide |
/// | `release` | disabled | closed | the window recorded while disabled is kept; the next outcome is judged |
/// | `tryNow` | open | half-open | the trial is due at once |
///
/// A command that does not apply to the current state (e.g. `tryNow` while closed) changes nothing
/// and returns `nil`.
extension CircuitBreakerStateMachine {
    /// Closes the breaker and clears its window, streak and trip run; in-flight calls become stale.
    public mutating func reset(now: Instant) -> BreakerTransition? {
        guard current != .closed else {
            generation &+= 1
            clearEvidence()
            return nil
        }
        let transition = move(to: .closed, reason: .operator(.reset), now: now)
        clearEvidence()
        return transition
    }

    /// Holds the breaker open: every call is rejected until ``release(now:)`` or ``reset(now:)``.
    public mutating func forceOpen(now: Instant) -> BreakerTransition? {
        guard current != .forcedOpen else { return nil }
        return move(to: .forcedOpen, reason: .operator(.forceOpen), now: now)
    }

    /// Switches to metrics only: every call is admitted and recorded, nothing is enforced.
    public mutating func disable(now: Instant) -> BreakerTransition? {
        guard current != .disabled else { return nil }
        return move(to: .disabled, reason: .operator(.disable), now: now)
    }

    /// Returns an operator-held breaker to automatic operation (see the table above).
    public mutating func release(now: Instant) -> BreakerTransition? {
        switch current {
        case .forcedOpen: move(to: .halfOpen(Trials()), reason: .operator(.release), now: now)
        case .disabled: move(to: .closed, reason: .operator(.release), now: now)
        default: nil
        }
    }

    /// Moves an open breaker to half-open at once, so the next call is the trial.
    public mutating func tryNow(now: Instant) -> BreakerTransition? {
        guard case .open = current else { return nil }
        return move(to: .halfOpen(Trials()), reason: .operator(.tryNow), now: now)
    }

    /// Applies a command by name (the dashboard's `ControlCommand.Action` maps onto these).
    public mutating func apply(_ action: TransitionReason.OperatorAction, now: Instant) -> BreakerTransition?
    {
        switch action {
        case .reset: reset(now: now)
        case .forceOpen: forceOpen(now: now)
        case .disable: disable(now: now)
        case .release: release(now: now)
        case .tryNow: tryNow(now: now)
        }
    }
}
