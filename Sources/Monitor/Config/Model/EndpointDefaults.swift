/// The policy every endpoint starts from (`defaults:` merged over the built-in defaults).
///
/// Each key can be overridden per endpoint; mappings merge key by key, so an endpoint that sets
/// only `breaker: { recovery_timeout: 10s }` keeps every other breaker key from here.
public struct EndpointDefaults: Sendable, Hashable {
    /// Time between probes.
    public var interval: Duration
    /// Total time allowed per attempt.
    public var timeout: Duration
    /// Time allowed for the TCP (and TLS) connect.
    public var connectTimeout: Duration
    /// Headers sent with every probe.
    public var headers: [HTTPHeader]
    /// What success looks like.
    public var expect: ExpectSpec
    /// Circuit-breaker policy.
    public var breaker: BreakerSpec
    /// Retry policy.
    public var retry: RetrySpec
    /// Transport settings.
    public var http: HTTPSpec

    /// Creates defaults; the built-in ones are the (5 s interval, 2 s timeout, 1 s connect).
    public init(
        interval: Duration = .seconds(5), timeout: Duration = .seconds(2),
        connectTimeout: Duration = .seconds(1),
        headers: [HTTPHeader] = [], expect: ExpectSpec = .init(), breaker: BreakerSpec = .init(),
        retry: RetrySpec = .init(), http: HTTPSpec = .init()
    ) {
        self.interval = interval
        self.timeout = timeout
        self.connectTimeout = connectTimeout
        self.headers = headers
        self.expect = expect
        self.breaker = breaker
        self.retry = retry
        self.http = http
    }
}
