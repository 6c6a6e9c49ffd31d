import ChaosServer
import FaultPeers
import Foundation
import Probe
import TestSupport
import Testing

@testable import Monitor

/// With `follow_redirects: true`, a header holding a secret never reaches another origin, and
/// https is never downgraded to http unless the endpoint allows it. Real servers: a ChaosServer on
/// 127.0.0.1 redirecting to a ChaosServer on 127.0.0.2 whose `/echo` answers with the headers it
/// got, and nginx over TLS redirecting to plain http.
@Suite(.serialized) struct RedirectRuleTests {
    static let key = "key-\(UUID().uuidString)"

    /// The endpoint `url` from a config with a `${KEY}` header, a literal non-secret header and
    /// redirects followed, as the engine would send it.
    static func request(_ url: String, extra: String = "") throws -> ProbeRequest {
        let yaml = """
            endpoints:
              - name: r
                url: "\(url)"
                headers: { X-Api-Key: "${KEY}", Accept: application/json }
                http: { follow_redirects: true\(extra) }
            """
        let config = try ConfigLoader(environment: ["KEY": key]).parse(yaml: yaml, sourcePath: "t.yaml")
        return try #require(config.endpoints.first).probeRequest
    }

    /// `[name, value]` pairs of the `/echo` body.
    static func echoedHeaders(_ result: ProbeResult) throws -> [String: String] {
        let object = try JSONSerialization.jsonObject(with: Data(result.bodyPrefix)) as? [String: Any]
        let pairs = (object?["headers"] as? [[String]]) ?? []
        return Dictionary(pairs.map { ($0[0].lowercased(), $0[1]) }) { first, _ in first }
    }

    @Test func secretHeadersStayOnTheirOrigin() async throws {
        let home = try await ChaosServer.start(host: "127.0.0.1")
        let other = try await ChaosServer.start(host: "127.0.0.2")
        let prober = Prober()
        defer { prober.shutdown() }
        do {
            for code in [302, 307] {
                let away = "\(other.baseURL)/echo"
                let url = "\(home.baseURL)/redirect?to=\(away)&code=\(code)"
                let result = try await prober.probe(try Self.request(url))
                #expect(result.status == 200)
                #expect(result.redirectCount == 1)
                let headers = try Self.echoedHeaders(result)
                #expect(headers["x-api-key"] == nil, "\(code): the secret header reached the other origin")
                #expect(headers["accept"] == "application/json", "\(code): a plain header follows")
            }
            // The same origin keeps it (and a redirect back home gets it again).
            let result = try await prober.probe(try Self.request("\(home.baseURL)/redirect?to=/echo"))
            #expect(try Self.echoedHeaders(result)["x-api-key"] == Self.key)
            #expect(other.requestCount(path: "/echo") == 2)
        } catch {
            try await home.stop()
            try await other.stop()
            throw error
        }
        try await home.stop()
        try await other.stop()
    }

    @Test func httpsIsNotDowngradedToHTTPUnlessAllowed() async throws {
        let plain = try await ChaosServer.start(host: "127.0.0.1")
        let certificates = try await TestCertificates()
        let peer = try await TLSRedirectPeer(
            certificates.valid, redirectTo: "\(plain.baseURL)/echo", directory: certificates.directory)
        let prober = Prober()
        defer {
            prober.shutdown()
            peer.stop()
        }
        do {
            var request = try Self.request(peer.url)
            request.caFile = certificates.caFile
            do {
                let result = try await prober.probe(request)
                Issue.record("followed https → http: \(result.status)")
            } catch {
                #expect(error.kind == .redirectRefused, "\(error)")
                #expect(error.message.contains("https to http"))
            }
            #expect(plain.requestCount(path: "/echo") == 0)
            var allowed = try Self.request(peer.url, extra: ", allow_insecure_redirect: true")
            allowed.caFile = certificates.caFile
            let result = try await prober.probe(allowed)
            #expect(result.status == 200)
            #expect(plain.requestCount(path: "/echo") == 1)
        } catch {
            try await plain.stop()
            throw error
        }
        try await plain.stop()
    }

    @Test func aSecretBodyIsNotResentToAnotherOrigin() async throws {
        let home = try await ChaosServer.start(host: "127.0.0.1")
        let other = try await ChaosServer.start(host: "127.0.0.2")
        let prober = Prober()
        defer { prober.shutdown() }
        do {
            var request = try Self.request("\(home.baseURL)/redirect?to=\(other.baseURL)/echo&code=307")
            let yaml = """
                endpoints:
                  - name: r
                    method: POST
                    url: "\(home.baseURL)/redirect?to=\(other.baseURL)/echo&code=307"
                    body: "token=${KEY}"
                    http: { follow_redirects: true }
                """
            let config = try ConfigLoader(environment: ["KEY": Self.key]).parse(
                yaml: yaml, sourcePath: "t.yaml")
            request = try #require(config.endpoints.first).probeRequest
            await #expect(throws: ProbeError.self) { try await prober.probe(request) }
            #expect(other.requestCount(path: "/echo") == 0)
        } catch {
            try await home.stop()
            try await other.stop()
            throw error
        }
        try await home.stop()
        try await other.stop()
    }
}
