/// A named set of chaos endpoints: what `ethotop demo` polls, as plain data.
///
/// The scenario only says which paths exist and what they are for; the demo wiring turns each
/// endpoint into a monitored target (and gives endpoints with the same `rateLimitGroup` one
/// shared client-side rate limiter).
public struct ChaosScenario: Sendable, Equatable {
    /// One endpoint of the scenario.
    public struct Endpoint: Sendable, Equatable {
        /// A short, unique name shown in the dashboard (`checkout`).
        public var name: String
        /// The path and query on the chaos server (`/outage/checkout?every=45s&down=10s`).
        public var path: String
        /// What the endpoint demonstrates, for help text.
        public var summary: String
        /// Endpoints naming the same group are meant to share one rate limiter.
        public var rateLimitGroup: String?

        /// Creates an endpoint.
        public init(name: String, path: String, summary: String = "", rateLimitGroup: String? = nil) {
            self.name = name
            self.path = path
            self.summary = summary
            self.rateLimitGroup = rateLimitGroup
        }
    }

    /// The scenario's name.
    public var name: String
    /// Its endpoints, in display order.
    public var endpoints: [Endpoint]

    /// Creates a scenario.
    public init(name: String, endpoints: [Endpoint]) {
        self.name = name
        self.endpoints = endpoints
    }

    /// `name → path` for every endpoint.
    public var paths: [String: String] {
        Dictionary(endpoints.map { ($0.name, $0.path) }, uniquingKeysWith: { first, _ in first })
    }

    /// The embedded demo: one endpoint per thing a resilience dashboard should make visible.
    ///
    /// A healthy service, a slow one with a long tail, a flaky one, two endpoints sharing a tight
    /// rate limit (the server enforces 2 rps on their shared bucket too, so overrunning it shows
    /// up as 429s), and a scripted outage that trips a breaker about every 45 s and recovers.
    public static let demo = ChaosScenario(
        name: "demo",
        endpoints: [
            Endpoint(name: "catalog", path: "/delay?min=5&max=30", summary: "healthy: fast, always 200"),
            Endpoint(
                name: "search", path: "/delay?min=120&max=450&tail_p=0.05&tail_ms=1800",
                summary: "slow: 120-450 ms with a 5% tail at 1.8 s"),
            Endpoint(name: "recommend", path: "/flaky?p=0.3", summary: "flaky: 30% 503s"),
            Endpoint(
                name: "quotes", path: "/ratelimit/partner-api?rps=2&burst=2&client=quotes",
                summary: "shares a 2 rps limit with rates", rateLimitGroup: "partner-api"),
            Endpoint(
                name: "rates", path: "/ratelimit/partner-api?rps=2&burst=2&client=rates",
                summary: "shares a 2 rps limit with quotes", rateLimitGroup: "partner-api"),
            Endpoint(
                name: "checkout", path: "/outage/checkout?every=45s&down=10s",
                summary: "scripted outage: down 10 s of every 45 s"),
        ]
    )
}
