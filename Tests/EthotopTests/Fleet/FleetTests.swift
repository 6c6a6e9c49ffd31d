import ChaosServer
import Foundation
import Testing

/// Scale-out through Prometheus, end to end: two real `ethotop serve` agents watch the same
/// service through a ChaosServer, one of them through a path that is down, and a real Prometheus
/// (Debian package) scrapes both on loopback with the shipped rules loaded. Its HTTP API must
/// show the open breaker on one agent and the closed one on the other, the fleet-wide recording
/// rules and a pending alert.
@Suite struct FleetTests {
    /// The agents' endpoints: "checkout" is down as seen from eu-west (its outage switch is on)
    /// and up from us-east; "catalog" is up from both.
    private static func agentConfig(checkout: String, catalog: String) -> String {
        """
        refresh: 100ms
        defaults:
          interval: 200ms
          timeout: 1s
          connect_timeout: 500ms
          breaker: { failure_threshold: 2, recovery_timeout: 10m }
          retry: { max_tries: 1 }
        endpoints:
          - { name: checkout, group: shop, url: "\(checkout)" }
          - { name: catalog, group: shop, url: "\(catalog)" }

        """
    }

    private static func prometheusConfig(rules: URL, eu: Int, us: Int) -> String {
        """
        global: { scrape_interval: 1s, scrape_timeout: 1s, evaluation_interval: 1s }
        rule_files: ["\(rules.path)"]
        scrape_configs:
          - job_name: ethotop
            static_configs:
              - { targets: ["127.0.0.1:\(eu)"], labels: { region: eu-west } }
              - { targets: ["127.0.0.1:\(us)"], labels: { region: us-east } }

        """
    }

    @Test(.timeLimit(.minutes(2)))
    func prometheusScrapesTwoAgentsAndEvaluatesTheRules() async throws {
        let prometheus = try #require(
            FleetFiles.tool("prometheus"), "prometheus not found: apt-get install prometheus (make test-deps)"
        )
        #expect(FileManager.default.isExecutableFile(atPath: FleetFiles.ethotop.path), "build ethotop first")
        let directory = try FleetFiles.temporaryDirectory("ethotop-fleet")
        let chaos = try await ChaosServer.start()
        chaos.setOutage("checkout-eu", on: true)
        let fleet = Fleet(directory: directory)
        do {
            try await run(fleet, chaos: chaos, prometheus: prometheus)
        } catch {
            Issue.record("\(error)\n\(fleet.diagnostics)")
        }
        let statuses = await fleet.stopAll()
        try? await chaos.stop()
        try? FileManager.default.removeItem(at: directory)
        // SIGTERM is a clean stop for an agent: it exits 0.
        #expect(statuses.prefix(2).allSatisfy { $0 == 0 }, "agent exit statuses \(statuses)")
    }

    private func run(_ fleet: Fleet, chaos: ChaosServer, prometheus: URL) async throws {
        let eu = try await fleet.startAgent(
            "eu",
            config: Self.agentConfig(
                checkout: chaos.url(for: "/outage/checkout-eu"), catalog: chaos.url(for: "/ok")))
        let us = try await fleet.startAgent(
            "us",
            config: Self.agentConfig(
                checkout: chaos.url(for: "/outage/checkout-us"), catalog: chaos.url(for: "/ok")))
        let api = try await fleet.startPrometheus(
            prometheus, config: Self.prometheusConfig(rules: FleetFiles.rules, eu: eu, us: us))
        let euInstance = "127.0.0.1:\(eu)"
        let usInstance = "127.0.0.1:\(us)"

        // Both agents scraped.
        let up = try await fleet.waitFor("both agents up", api: api, query: #"up{job="ethotop"}"#) {
            $0.count == 2 && $0.allSatisfy { $0.value == 1 }
        }
        #expect(Set(up.map { $0.metric["instance"] ?? "" }) == [euInstance, usInstance])

        // The breaker states of both agents, as Prometheus stored them.
        let open = try await fleet.waitFor(
            "checkout open on eu only", api: api,
            query: #"ethotop_breaker_state{job="ethotop",endpoint="checkout",state="open"}"#
        ) { samples in
            samples.count == 2 && samples.contains { $0.metric["instance"] == euInstance && $0.value == 1 }
        }
        #expect(Self.values(open, by: "region") == ["eu-west": 1, "us-east": 0])
        #expect(open.allSatisfy { $0.metric["group"] == "shop" })
        let closed = try api.query(#"ethotop_breaker_state{endpoint="checkout",state="closed"}"#)
        #expect(Self.values(closed, by: "instance") == [euInstance: 0, usInstance: 1])
        let catalog = try api.query(#"ethotop_breaker_state{endpoint="catalog",state="closed"}"#)
        #expect(Self.values(catalog, by: "instance") == [euInstance: 1, usInstance: 1])

        // The recording rules, evaluated by Prometheus across the two agents.
        let openSum = try await fleet.waitFor(
            "recorded open count", api: api, query: "endpoint_group:ethotop_breaker_open:sum"
        ) { samples in Self.values(samples, by: "endpoint")["checkout"] == 1 && samples.count == 2 }
        #expect(Self.values(openSum, by: "endpoint") == ["checkout": 1, "catalog": 0])
        let ratio = try await fleet.waitFor(
            "recorded open ratio", api: api, query: "endpoint_group:ethotop_breaker_open:ratio"
        ) { samples in Self.values(samples, by: "endpoint")["checkout"] == 0.5 }
        #expect(Self.values(ratio, by: "endpoint") == ["checkout": 0.5, "catalog": 0])
        let byRegion = try await fleet.waitFor(
            "recorded open count by region", api: api, query: "region_group:ethotop_breaker_open:sum"
        ) { $0.count == 2 }
        #expect(Self.values(byRegion, by: "region") == ["eu-west": 1, "us-east": 0])

        // The alert rule saw the open breaker: pending (its `for:` is minutes), on eu only.
        let alerts = try await fleet.waitFor(
            "pending breaker alert", api: api, query: #"ALERTS{alertname="EthotopBreakerOpen"}"#
        ) { !$0.isEmpty }
        #expect(alerts.count == 1, "\(alerts)")
        #expect(alerts.first?.metric["instance"] == euInstance)
        #expect(alerts.first?.metric["endpoint"] == "checkout")
        #expect(alerts.first?.metric["alertstate"] == "pending")
    }

    private static func values(_ samples: [PrometheusAPI.Sample], by label: String) -> [String: Double] {
        Dictionary(
            samples.map { ($0.metric[label] ?? "", $0.value) }, uniquingKeysWith: { first, _ in first })
    }
}
