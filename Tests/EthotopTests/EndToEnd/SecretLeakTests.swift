import ChaosServer
import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `${VAR}` values are secrets: whatever ethotop prints, streams, serves or logs, none of them
/// appears — not in `check`, `snapshot` (JSON and table), `watch` (JSON lines, reloads included),
/// `serve` (`/metrics`, `/snapshot.json`, `/healthz`) nor any file under `XDG_STATE_HOME`.
///
/// The endpoints make the secrets travel: in the URL's userinfo and query, in a header and in
/// the body, to `/echo` (which sends all of it back in the response body), to a 503 and to a
/// closed port (libcurl's error messages), with breakers tripping on the way.
@Suite struct SecretLeakTests {
    static let secrets = [
        "API_TOKEN": "tok-\(UUID().uuidString.replacing("-", with: ""))",
        "PASS": "pw-\(UUID().uuidString.replacing("-", with: ""))",
        "QUERY_KEY": "qk-\(UUID().uuidString.replacing("-", with: ""))",
        "BODY_SECRET": "bs-\(UUID().uuidString.replacing("-", with: ""))",
    ]

    static func config(_ server: ChaosServer, closedPort: Int, interval: String = "100ms") -> String {
        let authority = "user:${PASS}@127.0.0.1"
        return """
            refresh: 100ms
            defaults:
              interval: \(interval)
              retry: { max_tries: 2, base: 10ms, max_delay: 20ms }
              headers: { Authorization: "Bearer ${API_TOKEN}" }
            endpoints:
              - name: echo
                method: POST
                url: "http://\(authority):\(server.port)/echo?key=${QUERY_KEY}"
                body: "${BODY_SECRET}"
                expect: { body_contains: "Bearer tok-" }
              - name: echo-mismatch
                url: "http://\(authority):\(server.port)/echo?key=${QUERY_KEY}"
                expect: { body_contains: "never in the body" }
                breaker: { failure_threshold: 2, record: [body_mismatch], recovery_timeout: 200ms }
              - name: unavailable
                url: "http://\(authority):\(server.port)/status/503?key=${QUERY_KEY}"
                breaker: { failure_threshold: 1, recovery_timeout: 200ms }
              - name: refused
                url: "http://\(authority):\(closedPort)/health?key=${QUERY_KEY}"
            """
    }

    /// Records an issue for every secret value found in `text`.
    static func expectNoSecrets(
        _ text: String, in label: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        for (name, value) in secrets where text.contains(value) {
            Issue.record("the value of \(name) appears in \(label)", sourceLocation: sourceLocation)
        }
    }

    @Test func secretsNeverAppearInAnyOutput() async throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let environment = sandbox.environment(Self.secrets)
        let closedPort = try Loopback.closedPort()
        try await withChaosServer { server in
            let path = try sandbox.write("secret.yaml", Self.config(server, closedPort: closedPort))
            var outputs: [(label: String, text: String)] = []
            let common = ["--config", path, "--log-level", "trace"]

            let check = try await BuiltBinary.run(["check"] + common, environment: environment)
            #expect(check.status == 0, "\(check.standardError)")
            outputs += [("check stdout", check.standardOutput), ("check stderr", check.standardError)]

            for format in ["json", "table"] {
                let snapshot = try await BuiltBinary.run(
                    ["snapshot"] + common + ["--duration", "1s", "--format", format], environment: environment
                )
                #expect(snapshot.status == 0, "\(snapshot.standardError)")
                outputs += [
                    ("snapshot \(format) stdout", snapshot.standardOutput),
                    ("snapshot \(format) stderr", snapshot.standardError),
                ]
            }
            let json = try #require(jsonObject(outputs[2].text))
            // The secrets were used: the substituted header matched the echoed body, and the
            // URL shown is the redacted one.
            let echo = try #require(endpoint("echo", in: json))
            #expect((echo["requests"] as? [String: Any])?["succeeded"] as? Int ?? 0 >= 1, "\(echo)")
            #expect(
                echo["url"] as? String == "http://user:***@127.0.0.1:\(server.port)/echo?key=${QUERY_KEY}")
            let refused = try #require(endpoint("refused", in: json))
            #expect(
                ((refused["last"] as? [String: Any])?["error"] as? [String: Any])?["kind"] as? String
                    == "connect_refused")

            // watch, through a reload (its event carries the diff) and a rejected reload.
            let watch = try BuiltBinary(["watch"] + common, environment: environment)
            #expect(
                await eventually {
                    watch.outputLines.contains { $0.contains("\"kind\":\"transition\"") }
                        && watch.outputLines.contains { $0.contains("connect_refused") }
                })
            try sandbox.write("secret.yaml", Self.config(server, closedPort: closedPort, interval: "150ms"))
            watch.signal(SIGHUP)
            #expect(await eventually { watch.standardOutput.contains("\"accepted\":true") })
            try sandbox.write(
                "secret.yaml", Self.config(server, closedPort: closedPort) + "\n    url: \"${PASS}\"\n")
            watch.signal(SIGHUP)
            #expect(await eventually { watch.standardOutput.contains("\"accepted\":false") })
            #expect(await watch.terminate() == 0)
            outputs += [("watch stdout", watch.standardOutput), ("watch stderr", watch.standardError)]

            // serve: every route.
            try sandbox.write("secret.yaml", Self.config(server, closedPort: closedPort))
            let serve = try BuiltBinary(
                ["serve"] + common + ["--metrics-listen", "127.0.0.1:0"], environment: environment)
            #expect(await eventually { ServeMetricsTests.port(serve) != nil }, "\(serve.standardError)")
            let port = try #require(ServeMetricsTests.port(serve))
            var metrics = ""
            #expect(
                await eventually {
                    metrics = (try? HTTPGet.fetch(port: port, path: "/metrics")) ?? ""
                    return metrics.contains("endpoint=\"refused\"")
                        && !metrics.contains("ethotop_probes_total 0\n")
                })
            outputs += [
                ("/metrics", metrics),
                ("/snapshot.json", try HTTPGet.fetch(port: port, path: "/snapshot.json")),
                ("/healthz", try HTTPGet.fetch(port: port, path: "/healthz")),
            ]
            #expect(await serve.terminate() == 0)
            outputs += [("serve stdout", serve.standardOutput), ("serve stderr", serve.standardError)]

            // Every file ethotop wrote under XDG_STATE_HOME: the log, the state file.
            let state = sandbox.root.appendingPathComponent("state")
            let files =
                FileManager.default.enumerator(at: state, includingPropertiesForKeys: nil)?
                .compactMap { $0 as? URL } ?? []
            for file in files {
                guard let text = try? String(contentsOf: file, encoding: .utf8) else { continue }
                outputs.append((file.path, text))
            }
            #expect(files.contains { $0.lastPathComponent == "ethotop.log" })

            #expect(outputs.count >= 15)
            for (label, text) in outputs { Self.expectNoSecrets(text, in: label) }
            // The secrets did travel: the echo endpoints were probed with them all along.
            #expect(server.requestCount(path: "/echo") >= 2)
        }
    }
}
