public import Foundation

/// Operator overrides that outlive a restart: breakers held open or disabled, polling paused.
///
/// Saved as JSON (`state.json`) by ``OperatorStateStore``. Only what an operator chose is kept;
/// automatic breaker state is deliberately not persisted (it is stale after a restart, and a
/// breaker that re-learns in a few probes is safer than one restored from an old outage).
public struct OperatorState: Codable, Sendable, Hashable {
    /// The file format's version; a file with another version is moved aside, not misread.
    public var version: Int
    /// Whether polling of every endpoint is paused.
    public var pausedAll: Bool
    /// Overrides by endpoint name (endpoints without one are absent).
    public var endpoints: [String: EndpointOverride]

    /// The format this build writes.
    public static let currentVersion = 1

    /// No overrides.
    public static let empty = OperatorState()

    /// Creates a state.
    public init(pausedAll: Bool = false, endpoints: [String: EndpointOverride] = [:]) {
        self.version = Self.currentVersion
        self.pausedAll = pausedAll
        self.endpoints = endpoints
    }

    /// The override of `endpoint` (an empty one when there is none).
    public subscript(endpoint: String) -> EndpointOverride {
        get { endpoints[endpoint] ?? EndpointOverride() }
        set { endpoints[endpoint] = newValue.isEmpty ? nil : newValue }
    }

    /// Only the overrides of endpoints in `names` (after a reload removed some).
    public func keeping(_ names: some Sequence<String>) -> OperatorState {
        var copy = self
        let keep = Set(names)
        copy.endpoints = endpoints.filter { keep.contains($0.key) }
        return copy
    }

    /// Whether there is nothing to remember.
    public var isEmpty: Bool { !pausedAll && endpoints.isEmpty }

    private enum CodingKeys: String, CodingKey {
        case version
        case pausedAll = "paused_all"
        case endpoints
    }
}

/// One endpoint's operator overrides.
public struct EndpointOverride: Codable, Sendable, Hashable {
    /// A breaker state the operator holds (forced open or disabled), if any.
    public var hold: Hold?
    /// Whether polling is paused.
    public var paused: Bool
    /// When the operator last changed this override.
    public var since: Date?

    /// The operator-held breaker states (mutually exclusive, as in ``Resilience/BreakerState``).
    public enum Hold: String, Codable, Sendable, Hashable, CaseIterable {
        /// Held open: every call rejected.
        case forcedOpen = "forced_open"
        /// Metrics-only: outcomes recorded, nothing rejected.
        case disabled
    }

    /// Creates an override.
    public init(hold: Hold? = nil, paused: Bool = false, since: Date? = nil) {
        self.hold = hold
        self.paused = paused
        self.since = since
    }

    /// Whether nothing is overridden.
    public var isEmpty: Bool { hold == nil && !paused }
}
