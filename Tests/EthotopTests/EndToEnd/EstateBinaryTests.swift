import ChaosServer
import FaultPeers
import Foundation
import TestSupport
import Testing

/// The built binary against a real estate: a proxy taken from `http_proxy` (with credentials),
/// and mutual TLS with an encrypted key whose passphrase is a `${VAR}`. `check` says which proxy
/// is used; the probes succeed; neither secret appears in `check`, `snapshot` (JSON and table)
/// or the log file.
@Suite struct EstateBinaryTests {
    @Test func environmentProxyAndMutualTLSWithoutLeaks() async throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let certificates = try await TestCertificates()
        defer { certificates.remove() }
        let clients = try await ClientCertificates(certificates)
        let tls = try await TLSPeer(
            certificates.valid, directory: certificates.directory,
            requireClientCertificateFrom: certificates.caFile)
        defer { tls.stop() }
        let proxyPassword = "envpx-\(UUID().uuidString.prefix(8))"
        let proxy = try await ProxyPeer(
            directory: certificates.directory, credentials: ("probe", proxyPassword))
        defer { proxy.stop() }
        let proxyURL = "http://probe:\(proxyPassword)@127.0.0.1:\(proxy.port)"
        let environment = sandbox.environment([
            "http_proxy": proxyURL, "no_proxy": "", "KEY_PASS": clients.passphrase,
        ])
        try await withChaosServer { server in
            let path = try sandbox.write(
                "estate.yaml",
                """
                defaults: { interval: 200ms, timeout: 2s }
                endpoints:
                  - name: via-env-proxy
                    url: "\(server.url(for: "/echo"))"
                    expect: { body_contains: "tinyproxy" }
                  - name: mtls
                    url: "\(tls.url)"
                    http:
                      ca_file: \(certificates.caFile)
                      client_cert: \(clients.trusted.certificate)
                      client_key: \(clients.encryptedKey)
                      key_password: ${KEY_PASS}
                """)
            let common = ["--config", path, "--log-level", "trace"]
            var outputs: [(String, String)] = []
            let check = try await BuiltBinary.run(["check"] + common, environment: environment)
            #expect(check.status == 0, "\(check.standardError)")
            #expect(
                check.standardOutput.contains(
                    "proxy http://probe:***@127.0.0.1:\(proxy.port) (from http_proxy)"),
                "\(check.standardOutput)")
            outputs += [("check", check.standardOutput + check.standardError)]

            for format in ["json", "table"] {
                let snapshot = try await BuiltBinary.run(
                    ["snapshot"] + common + ["--duration", "1500ms", "--format", format],
                    environment: environment)
                #expect(snapshot.status == 0, "\(snapshot.standardError)")
                outputs += [("snapshot \(format)", snapshot.standardOutput + snapshot.standardError)]
                if format == "json" {
                    let object = try #require(jsonObject(snapshot.standardOutput))
                    let endpoints = try #require(object["endpoints"] as? [[String: Any]])
                    for endpoint in endpoints {
                        let last = endpoint["last"] as? [String: Any]
                        #expect(last?["error"] is NSNull, "\(endpoint)")
                        #expect(last?["status"] as? Int == 200, "\(endpoint)")
                    }
                    let mtls = endpoints.first { $0["name"] as? String == "mtls" }
                    #expect((mtls?["tls"] as? [String: Any])?["days_left"] != nil)
                }
            }
            let log = (try? String(contentsOf: sandbox.logFile, encoding: .utf8)) ?? ""
            outputs += [("log file", log)]
            for (label, text) in outputs {
                #expect(!text.contains(proxyPassword), "proxy password in \(label)")
                #expect(!text.contains(clients.passphrase), "key password in \(label)")
            }
        }
    }
}
