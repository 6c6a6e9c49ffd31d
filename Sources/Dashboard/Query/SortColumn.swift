import Monitor
public import Resilience

/// The columns the endpoints table can be sorted by, in the order `s` cycles through them.
public enum SortColumn: String, Sendable, CaseIterable {
    /// Severity: open, forced, half-open, disabled, closed.
    case state
    /// Endpoint name.
    case name
    /// Group name.
    case group
    /// Success ratio.
    case success
    /// Requests per second.
    case rate
    /// Retries made.
    case retries
    /// Rate-limit queue depth.
    case queue
    /// Median latency.
    case p50
    /// 90th percentile latency.
    case p90
    /// 99th percentile latency.
    case p99
    /// Config order.
    case config

    /// The next column for `s`.
    public var next: SortColumn {
        let all = SortColumn.allCases
        let index = all.firstIndex(of: self) ?? 0
        return all[(index + 1) % all.count]
    }

    /// The direction that answers "what is wrong?" first: worst state, slowest, least successful.
    public var defaultDescending: Bool {
        switch self {
        case .name, .group, .success, .config: false
        case .state, .rate, .retries, .queue, .p50, .p90, .p99: true
        }
    }

    /// How bad a state is, for sorting (higher is worse).
    public static func severity(_ state: BreakerState) -> Int {
        switch state {
        case .closed: 0
        case .disabled: 1
        case .halfOpen: 2
        case .forcedOpen: 3
        case .open: 4
        }
    }
}
