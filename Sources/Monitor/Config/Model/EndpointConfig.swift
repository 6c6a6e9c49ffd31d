import Foundation

/// One endpoint to watch, with its effective policy (`defaults` merged under its own keys).
///
/// `url`, `headers` and `body` hold the real values after `${VAR}` substitution, which the probe
/// needs; they may contain secrets. Print an endpoint only through ``displayURL``, ``policyLines``
/// or its `description`, which all go through ``redactor``.
public struct EndpointConfig: Sendable, Hashable {
    /// Unique name, the endpoint's identity across reloads and in the state file.
    public var name: String
    /// The URL to probe (http or https), secrets substituted.
    public var url: String
    /// The request method, upper case.
    public var method: String
    /// Request headers in file order (defaults first), secrets substituted.
    public var headers: [HTTPHeader]
    /// Request body, if any, secrets substituted.
    public var body: String?
    /// Optional group for grouping and filtering.
    public var group: String?
    /// Time between probes.
    public var interval: Duration
    /// Total time allowed per attempt.
    public var timeout: Duration
    /// Time allowed for the connect phase.
    public var connectTimeout: Duration
    /// What success looks like.
    public var expect: ExpectSpec
    /// Circuit-breaker policy.
    public var breaker: BreakerSpec
    /// Retry policy.
    public var retry: RetrySpec
    /// Transport settings.
    public var http: HTTPSpec
    /// The shared rate limiter's name, if any (it exists in ``MonitorConfig/rateLimits``).
    public var rateLimit: String?
    /// Knows this endpoint's secret values; used for every printed form of the endpoint.
    public var redactor: Redactor

    /// Creates an endpoint with the built-in defaults for everything not given.
    ///
    /// `headers` are laid over `defaults.headers` (names compare case-insensitively), as the
    /// loader does for `defaults:`.
    public init(
        name: String, url: String, method: String = "GET", headers: [HTTPHeader] = [], body: String? = nil,
        group: String? = nil, defaults: EndpointDefaults = .init(), rateLimit: String? = nil,
        redactor: Redactor = .init()
    ) {
        self.name = name
        self.url = url
        self.method = method
        self.headers =
            defaults.headers.filter { base in
                !headers.contains { $0.name.caseInsensitiveCompare(base.name) == .orderedSame }
            } + headers
        self.body = body
        self.group = group
        self.interval = defaults.interval
        self.timeout = defaults.timeout
        self.connectTimeout = defaults.connectTimeout
        self.expect = defaults.expect
        self.breaker = defaults.breaker
        self.retry = defaults.retry
        self.http = defaults.http
        self.rateLimit = rateLimit
        self.redactor = redactor
    }

    /// The value of header `name` (case-insensitive), if sent.
    public func header(_ name: String) -> String? {
        headers.last { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}
