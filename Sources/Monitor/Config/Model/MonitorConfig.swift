/// A validated config file: what to watch and with which policies.
///
/// Produced by ``ConfigLoader``; every value has been checked, every `${VAR}` substituted. The
/// engine maps the specs onto Resilience types. Holds secrets: print it only through
/// ``ConfigSummary`` or its `description`, which redact them.
public struct MonitorConfig: Sendable, Hashable {
    /// The file this came from (as given, for messages), or a label such as `"demo"`.
    public var sourcePath: String
    /// How often the dashboard redraws and snapshots are published.
    public var refresh: Duration
    /// How many events the engine keeps in its ring.
    public var eventLogSize: Int
    /// The effective defaults (built-in, then `defaults:`).
    public var defaults: EndpointDefaults
    /// Named rate limiters by name.
    public var rateLimits: [String: RateLimitSpec]
    /// Rate-limiter names in file order.
    public var rateLimitOrder: [String]
    /// Endpoints in file order.
    public var endpoints: [EndpointConfig]
    /// Things that are valid but probably not what was meant (e.g. `tls_verify: false`).
    public var warnings: [ConfigWarning]
    /// Knows every secret value in the config.
    public var redactor: Redactor
    /// `serve:`, the bounds of `ethotop serve`'s listener.
    public var serve = ServeSpec()
    /// The `history:` section.
    public var history = HistorySpec()
    /// The proxy environment variables at load time: what endpoints without a `proxy` key use.
    public var proxyEnvironment = ProxyEnvironment([:])

    /// Creates a config.
    public init(
        sourcePath: String, refresh: Duration = .milliseconds(250), eventLogSize: Int = 1_000,
        defaults: EndpointDefaults = .init(), rateLimits: [RateLimitSpec] = [],
        endpoints: [EndpointConfig] = [],
        warnings: [ConfigWarning] = [], redactor: Redactor? = nil
    ) {
        self.sourcePath = sourcePath
        self.refresh = refresh
        self.eventLogSize = eventLogSize
        self.defaults = defaults
        self.rateLimits = Dictionary(rateLimits.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
        self.rateLimitOrder = rateLimits.map(\.name)
        self.endpoints = endpoints
        self.warnings = warnings
        self.redactor = redactor ?? endpoints.reduce(into: Redactor()) { $0.merge($1.redactor) }
    }

    /// Rate limiters in file order.
    public var orderedRateLimits: [RateLimitSpec] { rateLimitOrder.compactMap { rateLimits[$0] } }

    /// The endpoint called `name`, if any.
    public func endpoint(named name: String) -> EndpointConfig? { endpoints.first { $0.name == name } }

    /// Group names in order of first appearance.
    public var groups: [String] {
        var seen = Set<String>()
        return endpoints.compactMap(\.group).filter { seen.insert($0).inserted }
    }
}
