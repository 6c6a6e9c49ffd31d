import ChaosServer
import Monitor

/// `ethotop demo`: the ChaosServer on 127.0.0.1 with the built-in scenario, monitored by an
/// engine whose config is ordinary YAML (so the demo exercises the same loader users do).
///
/// The scenario: a healthy service, a slow one, a flaky one, two endpoints sharing a tight rate
/// limit so a queue builds, and a scripted outage that trips a breaker every 45 s and recovers
/// through half-open.
enum DemoEngine {
    static func start(refresh: Duration?, environment: [String: String]) async throws -> LiveEngine {
        let server = try await ChaosServer.start(scenario: .demo)
        do throws(ConfigErrors) {
            let yaml = configYAML(server: server)
            let config = try ConfigLoader(environment: [:]).parse(yaml: yaml, sourcePath: "demo")
            let engine = Engine(config: config, options: EngineOptions(source: "demo", refresh: refresh))
            engine.start()
            engine.note(
                .info,
                message: "demo: ChaosServer on \(server.baseURL); checkout goes down 10 s of every 45 s")
            return LiveEngine(engine: engine, chaos: server, reloader: nil)
        } catch {
            try? await server.stop()
            throw ConfigProblems(messages: error.errors.map(\.description))
        }
    }

    /// The demo's config, pointing at the running server.
    static func configYAML(server: ChaosServer) -> String {
        func url(_ name: String) -> String { server.url(for: name) }
        return """
            refresh: 500ms
            defaults:
              interval: 1s
              timeout: 2s
              connect_timeout: 500ms
              breaker:
                failure_threshold: 3
                failure_rate: 50%
                window: 20
                minimum_calls: 10
                slow_call: 1500ms
                slow_call_rate: 80%
                recovery_timeout: 8s
                half_open_calls: 2
              retry: { max_tries: 2, base: 100ms, max_delay: 1s, jitter: full, budget: 20% }
            rate_limits:
              partner-api: { calls: 2, period: 1s, max_queue: 4, max_wait: 2s }
            endpoints:
              - name: catalog
                group: shop
                url: "\(url("catalog"))"
              - name: search
                group: shop
                url: "\(url("search"))"
              - name: recommend
                group: shop
                url: "\(url("recommend"))"
                breaker: { failure_threshold: 5 }
              - name: checkout
                group: shop
                url: "\(url("checkout"))"
              - name: quotes
                group: partner
                interval: 400ms
                rate_limit: partner-api
                url: "\(url("quotes"))"
              - name: rates
                group: partner
                interval: 400ms
                rate_limit: partner-api
                url: "\(url("rates"))"
            """
    }
}
