import ChaosServer
import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A server that quotes the request back — in its reason phrase and body, raw, percent-encoded in
/// lower case or JSON-escaped — and libcurl's own messages (a secret host name that does not
/// resolve) must not make ethotop print a secret, in any output and in any form ethotop sent it:
/// raw, percent-encoded, or as the base64 `Authorization: Basic` libcurl builds from the URL's
/// userinfo.
///
/// Every secret carries a unique 32-hex-digit core; the test looks for the cores (in any letter
/// case) and for the base64 of the userinfo, so each encoding of each secret is covered.
@Suite struct EchoedSecretLeakTests {
    static let cores = (0..<5).map { _ in UUID().uuidString.replacing("-", with: "").lowercased() }
    static let secrets = [
        "API_KEY": "ak/\(cores[0])+k",
        "PASS": "pw%2F\(cores[1])",
        "QUERY_KEY": "qk/\(cores[2])",
        "BODY_SECRET": "bs/\(cores[3]) \"quoted\"",
        "TENANT": "t\(cores[4])",
    ]
    /// What libcurl sends for `user:${PASS}@`: base64 of the percent-decoded `user:pw/…`.
    static let basic = Data("user:pw/\(cores[1])".utf8).base64EncodedString()

    /// One endpoint per quoted piece, so each fits in the 80 characters kept of a reason phrase.
    static func config(_ server: ChaosServer) -> String {
        let base = "http://user:${PASS}@127.0.0.1:\(server.port)/reflect?key=${QUERY_KEY}"
        func reflect(_ name: String, _ part: String, _ form: String) -> String {
            """
              - name: \(name)
                url: "\(base)&part=\(part)&form=\(form)"
                method: POST
                body: "${BODY_SECRET}"
            """
        }
        return """
            refresh: 100ms
            defaults:
              interval: 200ms
              headers: { X-Api-Key: "${API_KEY}" }
              retry: { max_tries: 1 }
            endpoints:
            \(reflect("line-raw", "line", "raw"))
            \(reflect("auth-percent", "authorization", "percent"))
            \(reflect("auth-raw", "authorization", "raw"))
            \(reflect("key-json", "x-api-key", "json"))
            \(reflect("key-percent", "x-api-key", "percent"))
            \(reflect("body-json", "body", "json"))
            \(reflect("body-percent", "body", "percent"))
              - name: tenant-dns
                url: "http://${TENANT}.invalid:\(server.port)/"
            """
    }

    /// Records an issue for every secret form found in `text`.
    static func expectNoSecrets(
        _ text: String, in label: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let lower = text.lowercased()
        for (index, core) in cores.enumerated() where lower.contains(core) {
            Issue.record("secret \(index) appears in \(label)", sourceLocation: sourceLocation)
        }
        if text.contains(String(basic.prefix(16))) {
            Issue.record("the Basic credential appears in \(label)", sourceLocation: sourceLocation)
        }
    }

    /// The last error message of endpoint `name` in snapshot JSON.
    static func lastMessage(_ name: String, in json: [String: Any]) -> String? {
        let entry = endpoint(name, in: json)
        return ((entry?["last"] as? [String: Any])?["error"] as? [String: Any])?["message"] as? String
    }

    @Test func echoedSecretsNeverAppearInAnyOutput() async throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let environment = sandbox.environment(Self.secrets)
        try await withChaosServer { server in
            let path = try sandbox.write("echo.yaml", Self.config(server))
            var outputs: [(label: String, text: String)] = []
            let common = ["--config", path, "--log-level", "trace"]

            for format in ["json", "table"] {
                let snapshot = try await BuiltBinary.run(
                    ["snapshot"] + common + ["--duration", "1s", "--format", format], environment: environment
                )
                #expect(snapshot.status == 0, "\(snapshot.standardError)")
                outputs += [
                    ("snapshot \(format)", snapshot.standardOutput),
                    ("snapshot stderr", snapshot.standardError),
                ]
            }
            // The server did quote the secrets, and ethotop put placeholders where they were.
            let json = try #require(jsonObject(outputs[0].text))
            let expected = [
                ("line-raw", "key=${QUERY_KEY}"), ("auth-percent", "Basic%20***"), ("auth-raw", "Basic ***"),
                ("key-json", "${API_KEY}"), ("key-percent", "${API_KEY}"), ("body-json", "${BODY_SECRET}"),
                ("body-percent", "${BODY_SECRET}"), ("tenant-dns", "${TENANT}.invalid"),
            ]
            for (name, placeholder) in expected {
                let message = Self.lastMessage(name, in: json)
                #expect(message?.contains(placeholder) == true, "\(name): \(message ?? "no message")")
            }

            let watch = try BuiltBinary(["watch"] + common, environment: environment)
            #expect(await eventually { watch.standardOutput.contains("${BODY_SECRET}") })
            #expect(await watch.terminate() == 0)
            outputs += [("watch", watch.standardOutput), ("watch stderr", watch.standardError)]

            let serve = try BuiltBinary(
                ["serve"] + common + ["--metrics-listen", "127.0.0.1:0"], environment: environment)
            #expect(await eventually { ServeMetricsTests.port(serve) != nil }, "\(serve.standardError)")
            let port = try #require(ServeMetricsTests.port(serve))
            var served = ""
            #expect(
                await eventually {
                    served = (try? HTTPGet.fetch(port: port, path: "/snapshot.json")) ?? ""
                    return served.contains("${API_KEY}") && served.contains("${TENANT}")
                })
            outputs += [
                ("/snapshot.json", served), ("/metrics", try HTTPGet.fetch(port: port, path: "/metrics")),
            ]
            #expect(await serve.terminate() == 0)
            outputs += [("serve stdout", serve.standardOutput), ("serve stderr", serve.standardError)]

            // The dashboard: each endpoint's detail pane, "Last errors" included.
            try await DashboardInTmux.with(
                arguments: ["--config", path, "--refresh", "100ms"], height: 60,
                extraEnvironment: Self.secrets
            ) { terminal in
                for (name, placeholder) in expected where name != "line-raw" {
                    try await terminal.waitFor(text: name)
                    try await terminal.press("/")
                    try await terminal.tmux(["send-keys", "-t", "faults", "-l", name])
                    try await terminal.press("Enter")
                    let screen = try await terminal.waitForScreen("the detail of \(name)") {
                        $0.contains("Detail \(name)") && $0.contains("Last errors")
                            && $0.contains(placeholder)
                    }
                    outputs.append(("dashboard \(name)", screen))
                    try await terminal.press("Escape")
                }
                outputs.append(("dashboard bytes", String(decoding: terminal.rawOutput, as: UTF8.self)))
                try await terminal.press("q")
            }

            let state = sandbox.root.appendingPathComponent("state")
            let files =
                FileManager.default.enumerator(at: state, includingPropertiesForKeys: nil)?
                .compactMap { $0 as? URL } ?? []
            for file in files {
                guard let text = try? String(contentsOf: file, encoding: .utf8) else { continue }
                outputs.append((file.path, text))
            }
            #expect(files.contains { $0.lastPathComponent == "ethotop.log" })

            for (label, text) in outputs { Self.expectNoSecrets(text, in: label) }
            #expect(server.requestCount(path: "/reflect") >= 7)
        }
    }
}
