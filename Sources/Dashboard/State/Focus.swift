/// The pane that receives movement keys.
public enum Focus: Int, Sendable, CaseIterable {
    /// The endpoints table.
    case endpoints
    /// The selected endpoint's detail.
    case detail
    /// The rate limiters.
    case rateLimits
    /// The events log.
    case events

    /// The digit that focuses the pane directly, shown in its title.
    public var key: Character {
        switch self {
        case .endpoints: "1"
        case .detail: "2"
        case .rateLimits: "3"
        case .events: "4"
        }
    }

    /// The pane's title.
    public var title: String {
        switch self {
        case .endpoints: "Endpoints"
        case .detail: "Detail"
        case .rateLimits: "Rate limits"
        case .events: "Events"
        }
    }

    /// The pane after this one, for `Tab`.
    public var next: Focus { Focus(rawValue: (rawValue + 1) % Focus.allCases.count) ?? .endpoints }

    /// The pane before this one, for `Shift-Tab`.
    public var previous: Focus {
        Focus(rawValue: (rawValue + Focus.allCases.count - 1) % Focus.allCases.count) ?? .endpoints
    }
}
