import Foundation
import Monitor
import TestSupport
import Testing

@testable import Exporter

/// The server answering real HTTP on 127.0.0.1 (port 0: the kernel picks a free port, so tests
/// run in parallel with anything).
@Suite struct MetricsServerTests {
    private func withServer(
        _ source: StaticSource = StaticSource(Fixture.snapshot()), _ body: (MetricsServer) throws -> Void
    ) async throws {
        let server = try await MetricsServer.start(
            address: ListenAddress(host: "127.0.0.1", port: 0), source: source)
        do {
            try body(server)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test func servesAllThreePathsOnOneKeepAliveConnection() async throws {
        try await withServer { server in
            #expect(server.boundAddress.port > 0)
            let connection = try HTTPTestConnection(port: server.boundAddress.port)

            let metrics = try connection.request("GET", "/metrics")
            #expect(metrics.status == 200)
            #expect(metrics.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8")
            #expect(metrics.body.contains(#"ethotop_rate_limit_queue_depth{limiter="shared"} 4"#))
            let check = try Promtool.checkMetrics(metrics.body)
            #expect(check.status == 0, "\(check.output)")

            let snapshot = try connection.request("GET", "/snapshot.json")
            #expect(snapshot.status == 200)
            #expect(snapshot.headers["content-type"] == "application/json")
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(snapshot.body.utf8)) as? [String: Any])
            #expect(object["version"] as? Int == 1)
            #expect((object["endpoints"] as? [[String: Any]])?.first?["name"] as? String == "api")

            let health = try connection.request("GET", "/healthz")
            #expect(health.status == 200)
            #expect(health.body == "ok\n")
        }
    }

    @Test func headHasLengthButNoBodyAndErrorsHaveStatuses() async throws {
        try await withServer { server in
            let connection = try HTTPTestConnection(port: server.boundAddress.port)
            let head = try connection.request("HEAD", "/metrics")
            #expect(head.status == 200)
            #expect(Int(head.headers["content-length"] ?? "0") ?? 0 > 100)
            #expect(try connection.request("GET", "/missing").status == 404)
            let post = try connection.request("POST", "/metrics")
            #expect(post.status == 405)
            #expect(post.headers["allow"] == "GET, HEAD")
            // The connection still works after errors.
            #expect(try connection.request("GET", "/healthz").status == 200)
        }
    }

    @Test func connectionCloseIsHonoured() async throws {
        try await withServer { server in
            let connection = try HTTPTestConnection(port: server.boundAddress.port)
            let response = try connection.request("GET", "/healthz", close: true)
            #expect(response.status == 200)
            #expect(response.headers["connection"] == "close")
            #expect(connection.readsEOF())
        }
    }

    @Test func servesTheLatestSnapshotEachTime() async throws {
        let source = StaticSource(Fixture.snapshot())
        try await withServer(source) { server in
            let connection = try HTTPTestConnection(port: server.boundAddress.port)
            #expect(try connection.request("GET", "/metrics").body.contains("ethotop_probes_total 9\n"))
            var next = Fixture.snapshot()
            next.scheduler.probesTotal = 10
            source.replace(next)
            #expect(try connection.request("GET", "/metrics").body.contains("ethotop_probes_total 10\n"))
        }
    }

    @Test func stopReleasesThePort() async throws {
        let server = try await MetricsServer.start(
            address: ListenAddress(host: "127.0.0.1", port: 0), source: StaticSource(Fixture.snapshot()))
        let port = server.boundAddress.port
        #expect(try HTTPTestConnection(port: port).request("GET", "/healthz").status == 200)
        await server.stop()
        #expect(throws: HTTPTestConnection.Failure.self) { try HTTPTestConnection(port: port) }
    }

    @Test func bindFailureThrows() async throws {
        let first = try await MetricsServer.start(
            address: ListenAddress(host: "127.0.0.1", port: 0), source: StaticSource(Fixture.snapshot()))
        await #expect(throws: (any Error).self) {
            let second = try await MetricsServer.start(
                address: first.boundAddress, source: StaticSource(Fixture.snapshot()))
            await second.stop()
        }
        await first.stop()
    }
}
