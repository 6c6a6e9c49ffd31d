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

    /// `max_connections_per_host: 3` in a pool of five: three of one host's four hanging requests
    /// reach the server at once (the default, half the pool, would let two), and the fourth stays
    /// in its host's line although the pool has room, while another host keeps being probed.
    @Test func perHostKeySetsHowManyConnectionsOneHostHolds() async throws {
        try await Self.withHealthyServer { healthy in
            try await EngineHarness.run { hanging in
                """
                refresh: 50ms
                defaults:
                  interval: 200ms
                  timeout: 30s
                  retry: { max_tries: 1 }
                  http: { max_connections: 5, max_connections_per_host: 3, max_keepalive_connections: 5 }
                endpoints:
                  - { name: stuck1, url: "\(hanging.url(for: "/hang?id=1"))" }
                  - { name: stuck2, url: "\(hanging.url(for: "/hang?id=2"))" }
                  - { name: stuck3, url: "\(hanging.url(for: "/hang?id=3"))" }
                  - { name: stuck4, url: "\(hanging.url(for: "/hang?id=4"))" }
                  - { name: fine, url: "\(healthy.url(for: "/ok"))", timeout: 2s }
                """
            } _: { harness in
                #expect(HTTPSpec(maxConnections: 5).effectiveMaxConnectionsPerHost == 2, "the default")
                // Above the default: three hang at once (each holds its connection for 30 s).
                #expect(await eventually { harness.server.requestCount(path: "/hang") >= 3 })
                // Ten probes of the other host (about two seconds) leave the fourth time to be
                // admitted, were the limit not three: the pool has two connections free.
                #expect(await eventually { (harness.endpoint("fine")?.requests.succeeded ?? 0) >= 10 })
                #expect(harness.server.requestCount(path: "/hang") == 3)
                #expect(harness.endpoint("fine")?.requests.failed == 0)
                // The snapshot names the host holding its share, and the one probe behind it.
                let pool = harness.snapshot().pool
                #expect(pool.maxConnections == 5 && pool.maxConnectionsPerHost == 3)
                #expect(pool.waiting == 1)
                #expect(pool.inUse >= 3)
                #expect(
                    pool.saturatedHosts == [
                        PoolSnapshot.SaturatedHost(
                            origin: "http://127.0.0.1:\(harness.server.port)", inUse: 3, waiting: 1)
                    ])
            }
        }
    }

    /// Three endpoints of one host hang in a pool of two connections. They may hold one between
    /// them; the other host's probes keep the other and never wait behind them.
    @Test func hangingHostDoesNotStarveAnother() async throws {
        try await Self.withHealthyServer { healthy in
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
                // Ten more of its probes: each would have queued behind the hanging ones, and failed
                // at its 200 ms queue deadline, were the other host's share not its own.
                let succeeded = harness.endpoint("fine")?.requests.succeeded ?? 0
                #expect(
                    await eventually { (harness.endpoint("fine")?.requests.succeeded ?? 0) >= succeeded + 10 }
                )
                let fine = try #require(harness.endpoint("fine"))
                #expect(fine.requests.failed == 0, "\(fine.recentErrors)")
                #expect(fine.breaker.state == .closed)
                if ContinuousClock.now - started < .milliseconds(4_500) {
                    // Before the first hanging request's 5 s timeout, only one was let through.
                    #expect(harness.server.requestCount(path: "/hang") == 1)
                }
            }
        }
    }

    /// One connection in the pool, held by a request that hangs for 5 s: a probe queued behind it
    /// waits at most its own timeout for a connection (the admission queue's deadline), then
    /// fails. It never reached its server, so it is a local `pool_exhausted` rejection that the
    /// breaker does not record, not a `timeout` that would open a healthy endpoint's breaker.
    @Test func aProbeQueuedBehindAFullPoolFailsAtItsOwnDeadline() async throws {
        try await EngineHarness.run { server in
            """
            refresh: 50ms
            defaults:
              interval: 200ms
              retry: { max_tries: 1 }
              http: { max_connections: 1, max_keepalive_connections: 1 }
            endpoints:
              - name: stuck
                url: "\(server.url(for: "/hang"))"
                timeout: 5s
              - name: queued
                url: "\(server.url(for: "/ok"))"
                timeout: 200ms
                breaker: { failure_threshold: 1 }
            """
        } _: { harness in
            let started = ContinuousClock.now
            #expect(
                await eventually(timeout: .seconds(4)) {
                    harness.endpoint("queued")?.recentErrors.contains { $0.kind == .poolExhausted } ?? false
                })
            // Well before the hanging request's own 5 s timeout frees the connection.
            #expect(ContinuousClock.now - started < .seconds(4))
            let queued = try #require(harness.endpoint("queued"))
            let error = try #require(queued.recentErrors.first { $0.kind == .poolExhausted })
            #expect(error.message.contains("no free connection within 200ms"), "\(error.message)")
            #expect(queued.requests.rejected >= 1)
            #expect(queued.requests.timeouts == 0)
            #expect(queued.requests.failed == 0, "\(queued.recentErrors)")
            #expect(queued.breaker.state == .closed, "one failure would have opened it")
            #expect(harness.server.requestCount(path: "/ok") == 0)
        }
    }

    /// Runs `body` with a second ChaosServer (another origin than the harness's), always stopped.
    private static func withHealthyServer(_ body: (ChaosServer) async throws -> Void) async throws {
        let healthy = try await ChaosServer.start()
        do {
            try await body(healthy)
        } catch {
            try await healthy.stop()
            throw error
        }
        try await healthy.stop()
    }
}
