import ChaosServer
import Foundation
import TestSupport
import Testing

/// `ethotop serve` with a live engine against the ChaosServer: `/metrics` passes
/// `promtool check metrics` and carries the engine's state; `/snapshot.json` and `/healthz` answer;
/// SIGTERM stops it with status 0.
@Suite struct ServeMetricsTests {
    /// The port `serve` reports on standard error (`ethotop serve: http://127.0.0.1:PORT/metrics …`).
    static func port(_ serve: BuiltBinary) -> Int? {
        guard let range = serve.standardError.range(of: "http://127.0.0.1:") else { return nil }
        return Int(serve.standardError[range.upperBound...].prefix { $0.isNumber })
    }

    @Test func metricsOfALiveEnginePassPromtool() async throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        try await withChaosServer(seed: 3) { server in
            let path = try sandbox.write(
                "serve.yaml",
                """
                refresh: 100ms
                defaults:
                  interval: 100ms
                  retry: { max_tries: 2, base: 10ms, max_delay: 20ms }
                rate_limits:
                  partner: { calls: 1, period: 300ms, max_queue: 1, max_wait: 2s }
                endpoints:
                  - { name: healthy, group: shop, url: "\(server.url(for: "/ok"))" }
                  - { name: flaky, group: shop, url: "\(server.url(for: "/flaky?p=0.4"))" }
                  - name: down
                    url: "\(server.url(for: "/status/503"))"
                    breaker: { failure_threshold: 1, recovery_timeout: 1h }
                  - { name: quotes, rate_limit: partner, url: "\(server.url(for: "/ok?c=quotes"))" }
                  - { name: "rates \\"eu\\"", rate_limit: partner, url: "\(server.url(for: "/ok?c=rates"))" }
                """)
            let serve = try BuiltBinary(
                ["serve", "--config", path, "--metrics-listen", "127.0.0.1:0"],
                environment: sandbox.environment())
            #expect(await eventually { Self.port(serve) != nil }, "\(serve.standardError)")
            let port = try #require(Self.port(serve))

            // Wait until the engine has something to say: an open breaker, retries, a rejection.
            var metrics = ""
            #expect(
                await eventually {
                    metrics = (try? HTTPGet.fetch(port: port, path: "/metrics")) ?? ""
                    return metrics.contains(
                        "ethotop_breaker_state{endpoint=\"down\",group=\"\",state=\"open\"} 1")
                        && metrics.contains("ethotop_probes_total ")
                        && !metrics.contains("ethotop_probes_total 0\n")
                }, "\(metrics)")

            let check = try Promtool.checkMetrics(metrics)
            #expect(check.status == 0, "\(check.output)\n\(metrics)")
            #expect(metrics.contains("# TYPE ethotop_breaker_state gauge"))
            #expect(metrics.contains("endpoint=\"rates \\\"eu\\\"\""), "label values are escaped")

            let snapshot = try #require(jsonObject(try HTTPGet.fetch(port: port, path: "/snapshot.json")))
            #expect(snapshot["version"] as? Int == 1)
            #expect((snapshot["endpoints"] as? [Any])?.count == 5)
            #expect(try HTTPGet.fetch(port: port, path: "/healthz").hasPrefix("ok"))

            #expect(await serve.terminate() == 0, "\(serve.standardError)")
        }
    }
}
