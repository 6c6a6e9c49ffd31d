public import Monitor
public import Resilience

/// A parsed filter: space-separated terms that must all match.
///
/// A bare word matches a substring of the name or group (case-insensitive); `name:x` and
/// `group:x` restrict to one field; `state:open` (also `half-open`, `forced`, `disabled`,
/// `closed`, or a comma-separated list) matches breaker states; `paused` matches paused endpoints.
public struct EndpointFilter: Sendable, Equatable {
    /// One term.
    public enum Term: Sendable, Equatable {
        /// Substring of the name or the group.
        case text(String)
        /// Substring of the name.
        case name(String)
        /// Substring of the group.
        case group(String)
        /// One of the states.
        case states(Set<BreakerState>)
        /// Polling paused.
        case paused
    }

    /// The terms, all of which must match.
    public var terms: [Term]

    /// Parses filter text; an empty string matches everything.
    public init(_ text: String) {
        terms = text.lowercased().split(separator: " ").compactMap { Self.term(String($0)) }
    }

    /// Whether the filter matches everything.
    public var isEmpty: Bool { terms.isEmpty }

    /// Whether `endpoint` passes every term.
    public func matches(_ endpoint: EndpointSnapshot) -> Bool {
        for term in terms {
            switch term {
            case .text(let needle):
                if !contains(endpoint.name, needle) && !contains(endpoint.group ?? "", needle) {
                    return false
                }
            case .name(let needle):
                if !contains(endpoint.name, needle) { return false }
            case .group(let needle):
                if !contains(endpoint.group ?? "", needle) { return false }
            case .states(let states):
                if !states.contains(endpoint.breaker.state) { return false }
            case .paused:
                if !endpoint.paused { return false }
            }
        }
        return true
    }

    private func contains(_ haystack: String, _ needle: String) -> Bool {
        needle.isEmpty || haystack.lowercased().contains(needle)
    }

    private static func term(_ word: String) -> Term? {
        if word == "paused" { return .paused }
        guard let colon = word.firstIndex(of: ":") else { return .text(word) }
        let key = word[..<colon]
        let value = String(word[word.index(after: colon)...])
        switch key {
        case "name": return .name(value)
        case "group": return .group(value)
        case "state", "is":
            let states = value.split(separator: ",").compactMap { state(String($0)) }
            return states.isEmpty ? .text(word) : .states(Set(states))
        default: return .text(word)
        }
    }

    private static func state(_ word: String) -> BreakerState? {
        switch word.replacingOccurrences(of: "_", with: "-") {
        case "closed": .closed
        case "open": .open
        case "half-open", "halfopen", "half": .halfOpen
        case "forced", "forced-open", "isolated": .forcedOpen
        case "disabled": .disabled
        default: nil
        }
    }
}
