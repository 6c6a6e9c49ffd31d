import ChaosServer
import FaultPeers
import Foundation
import TestSupport
import Testing

@testable import Monitor

/// The engine with the estate features, end to end against real peers: JSON assertions against
/// ChaosServer's JSON routes, certificate expiry and mutual TLS against `openssl s_server`, a
/// proxy with credentials (tinyproxy). Secrets never appear in the snapshot's JSON, table or metrics.
@Suite struct EstateEngineTests {
    /// Every printed form of a snapshot.
    private func outputs(_ snapshot: Snapshot) throws -> String {
        try SnapshotJSONEncoder().string(snapshot) + SnapshotTableFormatter().render(snapshot)
            + PrometheusExporter().render(snapshot)
    }

    @Test func jsonAssertionsPassFailAndStayBounded() async throws {
        let environment = ["NOTE": "n0te-s3cret"]
        try await EngineHarness.run(environment: environment) { server in
            let base = server.url(for: "/json")
            func endpoint(_ name: String, _ path: String, _ conditions: String) -> String {
                """
                  - name: \(name)
                    url: "\(base)\(path)"
                    expect: { json: \(conditions) }

                """
            }
            return """
                defaults: { interval: 200ms, timeout: 2s }
                endpoints:
                """ + "\n"
                    + endpoint(
                        "up", "/health",
                        #"['$.status == "UP"', '$.checks[*].ok == true', '$.count >= 3', '$.items[0].id exists']"#
                    )
                    + endpoint("down", "/health?status=DOWN", #"['$.status == "UP"']"#)
                    + endpoint("badcheck", "/health?bad_check=1", "['$.checks[*].ok == true']")
                    + endpoint("big", "/big?bytes=100000", "['$ exists']")
                    + endpoint("nested", "/nested?depth=1000", "['$ exists']")
                    + endpoint("text", "/text", "['$ exists']")
                    + endpoint("secret", "/health?note=${NOTE}", "[\"$.note == 'public'\"]")
        } _: { harness in
            let names = ["up", "down", "badcheck", "big", "nested", "text", "secret"]
            #expect(
                await eventually {
                    names.allSatisfy { harness.endpoint($0)?.last != nil }
                })
            let snapshot = harness.snapshot()
            func last(_ name: String) -> LastResult? { snapshot.endpoints.first { $0.name == name }?.last }
            #expect(last("up")?.error == nil, "\(String(describing: last("up")))")
            #expect(last("down")?.error?.kind == .jsonMismatch)
            #expect(last("down")?.error?.message == #"$.status == "UP": $.status is "DOWN""#)
            #expect(last("badcheck")?.error?.message == "$.checks[*].ok == true: $.checks[*].ok is false")
            #expect(last("big")?.error?.message.hasPrefix("body is 100000 bytes") == true)
            #expect(last("nested")?.error?.message == "body is JSON is nested deeper than 64 levels")
            #expect(last("text")?.error?.message.hasPrefix("body is not JSON") == true)
            // The body echoed a secret: the failure shows the variable's name, not its value.
            let secret = try #require(last("secret")?.error?.message)
            #expect(secret.contains("${NOTE}"), "\(secret)")
            #expect(!(try outputs(snapshot)).contains("n0te-s3cret"))
            // json_mismatch is not recorded by default: the breaker neither trips nor counts it.
            let down = try #require(snapshot.endpoints.first { $0.name == "down" })
            #expect(down.breaker.consecutiveFailures == 0)
            #expect(down.requests.failed > 0)
        }
    }

    /// A 2-day certificate: shown with its dates in every output, and `cert_valid_for: 14d` fails
    /// the probe as `cert_expiring` (recorded when the breaker is told to).
    @Test func certificateExpiryIsShownAndChecked() async throws {
        let certificates = try await TestCertificates()
        let peer = try await TLSPeer(certificates.valid, directory: certificates.directory)
        defer {
            peer.stop()
            certificates.remove()
        }
        try await EngineHarness.run { _ in
            """
            defaults: { interval: 200ms, timeout: 2s, http: { ca_file: \(certificates.caFile) } }
            endpoints:
              - { name: shown, url: "\(peer.url)" }
              - name: expiring
                url: "\(peer.url)"
                expect: { cert_valid_for: 14d }
                breaker: { failure_threshold: 1, record: [cert_expiring] }
              - { name: relaxed, url: "\(peer.url)", expect: { cert_valid_for: 1d } }
            """
        } _: { harness in
            #expect(
                await eventually {
                    ["shown", "expiring", "relaxed"].allSatisfy { harness.endpoint($0)?.tls != nil }
                        && harness.endpoint("expiring")?.last?.error != nil
                })
            let snapshot = harness.snapshot()
            let shown = try #require(snapshot.endpoints.first { $0.name == "shown" })
            let tls = try #require(shown.tls)
            #expect((0...2).contains(tls.daysLeft), "\(tls)")
            #expect(tls.subject.contains("localhost"))
            #expect(tls.issuer.contains("ethotop test CA"))
            #expect(shown.last?.error == nil)
            #expect(snapshot.endpoints.first { $0.name == "relaxed" }?.last?.error == nil)

            let expiring = try #require(snapshot.endpoints.first { $0.name == "expiring" })
            #expect(expiring.last?.error?.kind == .certExpiring)
            #expect(expiring.last?.error?.message.contains("within cert_valid_for 14d") == true)
            #expect(await eventually { harness.state("expiring") == .open })

            let json = try #require(
                try JSONSerialization.jsonObject(with: SnapshotJSONEncoder().encode(snapshot))
                    as? [String: Any])
            let endpoints = try #require(json["endpoints"] as? [[String: Any]])
            let dto = try #require(
                endpoints.first { $0["name"] as? String == "shown" }?["tls"] as? [String: Any])
            #expect(dto["not_after"] as? String == RFC3339.string(from: tls.notAfter))
            #expect(dto["days_left"] as? Int == tls.daysLeft)
            #expect(dto["issuer"] as? String == tls.issuer)
            let metrics = PrometheusExporter().render(snapshot)
            #expect(
                metrics.contains(
                    "ethotop_tls_cert_not_after_seconds{endpoint=\"shown\"} \(Int(tls.notAfter.timeIntervalSince1970))"
                ), "\(metrics)")
            let table = SnapshotTableFormatter().render(snapshot)
            #expect(table.contains("CERT"))
            #expect(table.contains("\(tls.daysLeft)d"))
        }
    }

    /// tcp:// against the ChaosServer's port and a closed one, through the whole pipeline: the
    /// open one succeeds with no status, the closed one is a `connect_refused` failure.
    @Test func tcpChecksRunThroughThePipeline() async throws {
        let closed = try Loopback.closedPort()
        try await EngineHarness.run { server in
            """
            defaults: { interval: 200ms, timeout: 2s, retry: { max_tries: 1 } }
            endpoints:
              - { name: open, url: "tcp://127.0.0.1:\(server.port)" }
              - { name: closed, url: "tcp://127.0.0.1:\(closed)" }
            """
        } _: { harness in
            #expect(
                await eventually {
                    harness.endpoint("open")?.last != nil && harness.endpoint("closed")?.last != nil
                })
            let snapshot = harness.snapshot()
            let open = try #require(snapshot.endpoints.first { $0.name == "open" })
            #expect(open.last?.error == nil)
            #expect(open.last?.status == nil)
            #expect(open.tls == nil)
            let closedEndpoint = try #require(snapshot.endpoints.first { $0.name == "closed" })
            #expect(closedEndpoint.last?.error?.kind == .connectRefused)
            let table = SnapshotTableFormatter().render(snapshot)
            #expect(
                table.split(separator: "\n").contains { $0.hasPrefix("open") && $0.hasSuffix("ok") },
                "\(table)")
        }
    }

    /// Mutual TLS with an encrypted key and a proxy with credentials, both from `${VAR}`: the
    /// probes succeed, and neither secret appears in any output.
    @Test func secretsOfTransportKeysNeverShow() async throws {
        let certificates = try await TestCertificates()
        let clients = try await ClientCertificates(certificates)
        let peer = try await TLSPeer(
            certificates.valid, directory: certificates.directory,
            requireClientCertificateFrom: certificates.caFile)
        let proxy = try await ProxyPeer(
            directory: certificates.directory, credentials: ("probe", "pr0xy-s3cret"))
        defer {
            peer.stop()
            proxy.stop()
            certificates.remove()
        }
        let environment = ["KEY_PASS": clients.passphrase, "PROXY_PASS": "pr0xy-s3cret"]
        try await EngineHarness.run(environment: environment) { server in
            """
            defaults: { interval: 200ms, timeout: 2s }
            endpoints:
              - name: mtls
                url: "\(peer.url)"
                http:
                  ca_file: \(certificates.caFile)
                  client_cert: \(clients.trusted.certificate)
                  client_key: \(clients.encryptedKey)
                  key_password: ${KEY_PASS}
              - name: proxied
                url: "\(server.url(for: "/ok"))"
                http: { proxy: "http://probe:${PROXY_PASS}@127.0.0.1:\(proxy.port)" }
            """
        } _: { harness in
            #expect(
                await eventually {
                    harness.endpoint("mtls")?.requests.succeeded ?? 0 > 0
                        && harness.endpoint("proxied")?.requests.succeeded ?? 0 > 0
                })
            let snapshot = harness.snapshot()
            let printed = try outputs(snapshot) + snapshot.endpoints.flatMap(\.policyLines).joined()
            #expect(!printed.contains(clients.passphrase))
            #expect(!printed.contains("pr0xy-s3cret"))
            #expect(printed.contains("http.key_password: ***"))
        }
    }
}
