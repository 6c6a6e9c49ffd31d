import Foundation
import Monitor
import Testing

@testable import Exporter

@Suite struct MetricsRouterTests {
    private let generated = Date(timeIntervalSince1970: 1_000_000)

    private func router(now: Date) -> MetricsRouter {
        MetricsRouter(
            source: StaticSource(Fixture.snapshot(at: generated)), staleAfter: .seconds(30), now: { now })
    }

    @Test func metricsRoute() {
        let response = router(now: generated).respond(method: "GET", uri: "/metrics")
        #expect(response.status == 200)
        #expect(response.contentType == "text/plain; version=0.0.4; charset=utf-8")
        let body = String(decoding: response.body, as: UTF8.self)
        #expect(body.contains(#"ethotop_breaker_state{endpoint="api",group="edge",state="open"} 1"#))
    }

    @Test func snapshotRouteIgnoresTheQueryString() throws {
        let response = router(now: generated).respond(method: "GET", uri: "/snapshot.json?pretty=1")
        #expect(response.status == 200)
        #expect(response.contentType == "application/json")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(try response.completeBody())) as? [String: Any])
        #expect(object["version"] as? Int == 1)
    }

    @Test func healthIsOkWhileSnapshotsAreFreshAnd503WhenStale() {
        #expect(
            router(now: generated.addingTimeInterval(29)).respond(method: "GET", uri: "/healthz").status
                == 200)
        let stale = router(now: generated.addingTimeInterval(31)).respond(method: "GET", uri: "/healthz")
        #expect(stale.status == 503)
        #expect(String(decoding: stale.body, as: UTF8.self).hasPrefix("stale"))
    }

    @Test func unknownPathsAndMethods() {
        let router = router(now: generated)
        #expect(router.respond(method: "GET", uri: "/nope").status == 404)
        let post = router.respond(method: "POST", uri: "/metrics")
        #expect(post.status == 405)
        #expect(post.headers.contains { $0.0 == "Allow" && $0.1 == "GET, HEAD" })
        #expect(router.respond(method: "HEAD", uri: "/metrics").status == 200)
        #expect(router.respond(method: "GET", uri: "/").status == 200)
    }
}

@Suite struct ListenAddressTests {
    @Test(arguments: [
        ("127.0.0.1:9464", "127.0.0.1", 9_464), ("localhost:0", "localhost", 0), ("[::1]:80", "::1", 80),
        (":9100", "0.0.0.0", 9_100),
    ])
    func parses(text: String, host: String, port: Int) throws {
        let address = try #require(ListenAddress(parsing: text))
        #expect(address.host == host)
        #expect(address.port == port)
    }

    @Test(arguments: ["", "9464", "host:", "host:99999", "host:-1", "::1:80", "[::1:80", "a b:1", "host:12x"])
    func rejects(text: String) {
        #expect(ListenAddress(parsing: text) == nil)
    }

    @Test func describesWithBracketsForIPv6() {
        #expect(ListenAddress(host: "::1", port: 9).description == "[::1]:9")
        #expect(ListenAddress.default.description == "127.0.0.1:9464")
    }
}
