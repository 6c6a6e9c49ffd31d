/// What a reload changes: which endpoints keep their state and which must be rebuilt.
///
/// Endpoints are matched by name. An endpoint is unchanged when every setting (and the spec of
/// the rate limiter it names) is equal; the engine keeps its breaker, counters and latency
/// window. A changed endpoint lists the parts that differ, so the engine may, for instance, keep
/// the breaker's state when only `interval` moved.
public struct ConfigDiff: Sendable, Hashable, CustomStringConvertible {
    /// Names of endpoints present in both configs with identical settings, in the new order.
    public var unchanged: [String]
    /// Endpoints present in both configs whose settings differ, in the new order.
    public var changed: [Change]
    /// Names of endpoints only in the new config.
    public var added: [String]
    /// Names of endpoints only in the old config.
    public var removed: [String]
    /// Names of rate limiters added, removed or changed.
    public var rateLimitsChanged: [String]
    /// Whether `refresh` or `event_log` changed.
    public var engineSettingsChanged: Bool

    /// One changed endpoint.
    public struct Change: Sendable, Hashable {
        /// The endpoint's name.
        public var name: String
        /// Which parts differ.
        public var parts: Set<Part>

        /// Creates a change record.
        public init(name: String, parts: Set<Part>) {
            self.name = name
            self.parts = parts
        }
    }

    /// The parts of an endpoint's settings.
    public enum Part: String, Sendable, Hashable, CaseIterable, Comparable {
        /// url, method, headers or body.
        case request
        /// group.
        case group
        /// interval, timeout or connect_timeout.
        case timing
        /// expect.
        case expect
        /// breaker.
        case breaker
        /// retry.
        case retry
        /// http.
        case http
        /// rate_limit, or the named limiter's spec.
        case rateLimit = "rate_limit"

        /// Declaration order.
        public static func < (lhs: Part, rhs: Part) -> Bool {
            let order = allCases
            return (order.firstIndex(of: lhs) ?? 0) < (order.firstIndex(of: rhs) ?? 0)
        }
    }

    /// Compares `old` with `new`.
    public init(old: MonitorConfig, new: MonitorConfig) {
        let oldByName = Dictionary(
            old.endpoints.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let newNames = Set(new.endpoints.map(\.name))
        unchanged = []
        changed = []
        added = []
        removed = old.endpoints.map(\.name).filter { !newNames.contains($0) }
        for endpoint in new.endpoints {
            guard let previous = oldByName[endpoint.name] else {
                added.append(endpoint.name)
                continue
            }
            let parts = Self.parts(previous, endpoint, old: old, new: new)
            if parts.isEmpty {
                unchanged.append(endpoint.name)
            } else {
                changed.append(Change(name: endpoint.name, parts: parts))
            }
        }
        let limitNames = Set(old.rateLimitOrder).union(new.rateLimitOrder)
        rateLimitsChanged = limitNames.filter { old.rateLimits[$0] != new.rateLimits[$0] }.sorted()
        engineSettingsChanged = old.refresh != new.refresh || old.eventLogSize != new.eventLogSize
    }

    /// Whether the reload changes nothing at all.
    public var isEmpty: Bool {
        changed.isEmpty && added.isEmpty && removed.isEmpty && rateLimitsChanged.isEmpty
            && !engineSettingsChanged
    }

    /// `2 unchanged, 1 changed (api: breaker, timing), 1 added (web), 1 removed (old)`.
    public var description: String {
        var parts = ["\(unchanged.count) unchanged"]
        if !changed.isEmpty {
            let details = changed.map {
                "\($0.name): " + $0.parts.sorted().map(\.rawValue).joined(separator: ", ")
            }
            parts.append("\(changed.count) changed (\(details.joined(separator: "; ")))")
        }
        if !added.isEmpty { parts.append("\(added.count) added (\(added.joined(separator: ", ")))") }
        if !removed.isEmpty { parts.append("\(removed.count) removed (\(removed.joined(separator: ", ")))") }
        if !rateLimitsChanged.isEmpty {
            parts.append("rate limits changed (\(rateLimitsChanged.joined(separator: ", ")))")
        }
        return parts.joined(separator: ", ")
    }

    private static func parts(
        _ a: EndpointConfig, _ b: EndpointConfig, old: MonitorConfig, new: MonitorConfig
    )
        -> Set<Part>
    {
        var parts = Set<Part>()
        if a.url != b.url || a.method != b.method || a.headers != b.headers || a.body != b.body {
            parts.insert(.request)
        }
        if a.group != b.group { parts.insert(.group) }
        if a.interval != b.interval || a.timeout != b.timeout || a.connectTimeout != b.connectTimeout {
            parts.insert(.timing)
        }
        if a.expect != b.expect { parts.insert(.expect) }
        if a.breaker != b.breaker { parts.insert(.breaker) }
        if a.retry != b.retry { parts.insert(.retry) }
        if a.http != b.http { parts.insert(.http) }
        if a.rateLimit != b.rateLimit || a.rateLimit.map({ old.rateLimits[$0] != new.rateLimits[$0] }) == true
        {
            parts.insert(.rateLimit)
        }
        return parts
    }
}
