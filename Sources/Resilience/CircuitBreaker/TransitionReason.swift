/// Which rule moved a breaker, with the measured value and the threshold it crossed.
///
/// Kept as data (not a string) so the dashboard, the JSON exporter and tests can read the numbers;
/// ``description`` gives the line shown in the events pane.
public enum TransitionReason: Sendable, Hashable, CustomStringConvertible {
    /// Closed → open: `count` consecutive failures reached `threshold`.
    case consecutiveFailures(count: Int, threshold: Int)
    /// Closed → open: the failure rate over `calls` calls reached `threshold`.
    case failureRate(rate: Double, threshold: Double, calls: Int)
    /// Closed → open: the rate of calls slower than `slowerThan` over `calls` calls reached `threshold`.
    case slowCallRate(rate: Double, threshold: Double, calls: Int, slowerThan: Duration)
    /// Open → half-open: the open time (`timeout`, after backoff) elapsed and a call arrived.
    case recoveryElapsed(timeout: Duration)
    /// Half-open → closed: `count` trial calls succeeded, `required` were needed.
    case trialsSucceeded(count: Int, required: Int)
    /// Half-open → open: a trial call failed after `succeeded` of `required` successes.
    case trialFailed(succeeded: Int, required: Int)
    /// Half-open → open: a trial call succeeded but took `duration`, longer than `slowerThan`.
    case trialTooSlow(duration: Duration, slowerThan: Duration)
    /// An operator command.
    case `operator`(OperatorAction)

    /// Operator commands, spelled as the dashboard's `ControlCommand.Action` raw values.
    public enum OperatorAction: String, Sendable, Hashable, CaseIterable {
        /// Close and clear the window.
        case reset
        /// Hold open (isolate).
        case forceOpen = "force_open"
        /// Metrics only, never reject.
        case disable
        /// Back to automatic operation.
        case release
        /// Move an open breaker to half-open at once.
        case tryNow = "try_now"
    }

    /// E.g. "5 consecutive failures ≥ 5", "failure rate 62% ≥ 50% over 20 calls".
    public var description: String {
        switch self {
        case .consecutiveFailures(let count, let threshold):
            return "\(count) consecutive failure\(count == 1 ? "" : "s") ≥ \(threshold)"
        case .failureRate(let rate, let threshold, let calls):
            return
                "failure rate \(BreakerFormat.percent(rate)) ≥ \(BreakerFormat.percent(threshold)) over \(calls) calls"
        case .slowCallRate(let rate, let threshold, let calls, let slowerThan):
            return "slow-call rate \(BreakerFormat.percent(rate)) ≥ \(BreakerFormat.percent(threshold))"
                + " over \(calls) calls (slower than \(BreakerFormat.duration(slowerThan)))"
        case .recoveryElapsed(let timeout):
            return "recovery timeout \(BreakerFormat.duration(timeout)) elapsed"
        case .trialsSucceeded(let count, let required):
            return "\(count) of \(required) trial call\(required == 1 ? "" : "s") succeeded"
        case .trialFailed(let succeeded, let required):
            return "trial call failed (\(succeeded) of \(required) succeeded before)"
        case .trialTooSlow(let duration, let slowerThan):
            return
                "trial call too slow: \(BreakerFormat.duration(duration)) > \(BreakerFormat.duration(slowerThan))"
        case .operator(let action):
            return "operator: \(action.rawValue.replacing("_", with: "-"))"
        }
    }
}
