import ChaosServer
import Foundation
import Resilience
import Testing

@testable import Monitor

/// The shared connection pool: one hanging host must not starve the others.
@Suite struct EnginePoolTests {
    @Test func oneOriginHoldsAtMostHalfThePool() {
        #expect(HTTPSpec(maxConnections: 100).proberConfiguration.maxConnectionsPerHost == 50)
        #expect(HTTPSpec(maxConnections: 3).proberConfiguration.maxConnectionsPerHost == 1)
        #expect(HTTPSpec(maxConnections: 1).proberConfiguration.maxConnectionsPerHost == nil)
    }

    /// Three endpoints of one host hang in a pool of two connections. They may hold one between
    /// them; the other host's probes keep the other and never wait behind them.
    @Test func hangingHostDoesNotStarveAnother() async throws {
        let healthy = try await ChaosServer.start()
        do {
            try await EngineHarness.run { hanging in
                """
                refresh: 50ms
                defaults:
                  interval: 200ms
                  timeout: 5s
                  retry: { max_tries: 1 }
                  http: { max_connections: 2, max_keepalive_connections: 2 }
                endpoints:
                  - { name: stuck1, url: "\(hanging.url(for: "/hang?id=1"))" }
                  - { name: stuck2, url: "\(hanging.url(for: "/hang?id=2"))" }
                  - { name: stuck3, url: "\(hanging.url(for: "/hang?id=3"))" }
                  - name: fine
                    url: "\(healthy.url(for: "/ok"))"
                    timeout: 200ms
                    breaker: { failure_threshold: 1 }
                """
            } _: { harness in
                let started = ContinuousClock.now
                #expect(await eventually { (harness.endpoint("fine")?.requests.succeeded ?? 0) >= 10 })
                // Long enough for a probe queued behind the hanging ones to hit its 1.2 s backstop.
                try await Task.sleep(for: .milliseconds(1_500))
                let fine = try #require(harness.endpoint("fine"))
                #expect(fine.requests.failed == 0, "\(fine.recentErrors)")
                #expect(fine.breaker.state == .closed)
                if ContinuousClock.now - started < .milliseconds(4_500) {
                    // Before the first hanging request's 5 s timeout, only one was let through.
                    #expect(harness.server.requestCount(path: "/hang") == 1)
                }
            }
        } catch {
            try await healthy.stop()
            throw error
        }
        try await healthy.stop()
    }
}
