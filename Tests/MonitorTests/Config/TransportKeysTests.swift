import Foundation
import Probe
import Testing

@testable import Monitor

/// The transport keys under `http:`: trust and client certificates, proxy, pins, IP family,
/// HTTP/3. Files are checked at load; secrets never reach any printed form.
@Suite struct TransportKeysTests {
    /// A scratch directory with a readable `ca.pem`, `client.pem` and `client.key`.
    private func withFiles(_ body: (String) throws -> Void) throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for name in ["ca.pem", "client.pem", "client.key"] {
            try "x\n".write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        try body(directory.path)
    }

    @Test func keysReachTheProbeRequest() throws {
        try withFiles { directory in
            let config = try loadConfig(
                """
                defaults:
                  http:
                    ca_file: \(directory)/ca.pem
                    proxy: "http://probe:${PROXY_PASS}@proxy.test:3128"
                endpoints:
                  - name: api
                    url: https://api.internal:8443/health
                    http:
                      client_cert: \(directory)/client.pem
                      client_key: \(directory)/client.key
                      key_password: ${KEY_PASS}
                      no_proxy: other.test
                      resolve: ["api.internal:8443:127.0.0.1"]
                      ip_version: 4
                """, environment: ["PROXY_PASS": "pr0xy-s3cret", "KEY_PASS": "k3y-s3cret"])
            let api = try #require(config.endpoint(named: "api"))
            let request = api.probeRequest
            #expect(request.caFile == "\(directory)/ca.pem")
            #expect(request.transport.clientCertificate == "\(directory)/client.pem")
            #expect(request.transport.clientKey == "\(directory)/client.key")
            #expect(request.transport.keyPassword == "k3y-s3cret")
            #expect(request.transport.proxy == .url("http://probe:pr0xy-s3cret@proxy.test:3128"))
            #expect(request.transport.noProxy == "other.test")
            #expect(request.transport.resolve == ["api.internal:8443:127.0.0.1"])
            #expect(request.transport.ipVersion == .v4)
            #expect(request.httpVersion == .http2WhereOffered)

            // Every printed form hides both secrets.
            let printed = [
                config.description, String(reflecting: config), ConfigSummary(config).description,
                api.policyLines.joined(separator: "\n"), String(describing: api),
            ].joined(separator: "\n")
            #expect(!printed.contains("pr0xy-s3cret"))
            #expect(!printed.contains("k3y-s3cret"))
            #expect(api.policyLines.contains("http.key_password: ***"))
            #expect(api.policyLines.contains("http.proxy: http://probe:***@proxy.test:3128"))
            #expect(ConfigSummary(config).endpointLines[0].contains("proxy http://probe:***@proxy.test:3128"))
        }
    }

    @Test func relativeFilesStartAtTheConfigDirectory() throws {
        try withFiles { directory in
            let config = try ConfigLoader(environment: [:]).parse(
                yaml: """
                    endpoints:
                      - { name: api, url: "https://api.test/", http: { ca_file: ca.pem } }
                    """, sourcePath: directory + "/config.yaml")
            #expect(config.endpoints[0].http.caFile == directory + "/ca.pem")
        }
    }

    @Test func missingOrUnreadableFilesAreErrorsAtTheirLine() throws {
        let errors = configErrors(
            """
            endpoints:
              - name: api
                url: https://api.test/
                http:
                  ca_file: /nonexistent/ca.pem
                  client_cert: /tmp
                  client_key: /nonexistent/key.pem
            """)
        #expect(errors.count == 3, "\(errors)")
        let ca = try #require(errors.first { $0.message.hasPrefix("ca_file") })
        #expect((ca.line, ca.column) == (5, 16))
        #expect(ca.message.contains("does not exist"))
        #expect(
            errors.contains {
                $0.message.hasPrefix("client_cert") && $0.message.contains("not a readable file")
            })
    }

    @Test func badValuesAreClearErrors() {
        let errors = configErrors(
            """
            endpoints:
              - name: api
                url: https://api.test/
                http:
                  proxy: ftp://proxy.test
                  resolve: ["api.test:443", "api.test:99999:1.2.3.4", "api.test:443:not-an-ip"]
                  ip_version: 5
              - name: web
                url: https://web.test/
                http: { proxy: "not a url" }
            """)
        let messages = errors.map(\.message)
        #expect(messages.contains("proxy scheme \"ftp\" is not supported"), "\(messages)")
        #expect(messages.filter { $0.hasPrefix("resolve entry") }.count == 3, "\(messages)")
        #expect(messages.contains { $0.hasPrefix("ip_version must be one of any, 4, 6") }, "\(messages)")
        #expect(messages.contains { $0.hasPrefix("proxy \"not a url\"") }, "\(messages)")
    }

    @Test func validPinsLoad() throws {
        #expect(ConfigDecoder.isValidPin("api.internal:443:10.0.0.7"))
        #expect(ConfigDecoder.isValidPin("api.internal:443:[::1]"))
        #expect(!ConfigDecoder.isValidPin("api.internal:443:::1"))
        #expect(!ConfigDecoder.isValidPin(":443:10.0.0.7"))
        #expect(!ConfigDecoder.isValidPin("a b:443:10.0.0.7"))
    }

    @Test func http3IsRefusedWhereLibcurlLacksIt() throws {
        let yaml = """
            endpoints:
              - { name: api, url: "https://api.test/", http: { http3: true } }
            """
        if ProbeModule.supportsHTTP3 {
            #expect(try loadConfig(yaml).endpoints[0].probeRequest.httpVersion == .http3)
        } else {
            let errors = configErrors(yaml)
            #expect(errors.count == 1)
            #expect(errors.first?.message.contains("built without HTTP/3") == true, "\(errors)")
            #expect(errors.first?.line == 2)
        }
    }

    @Test func aLiteralKeyPasswordIsRedactedAndWarned() throws {
        try withFiles { directory in
            let config = try loadConfig(
                """
                endpoints:
                  - name: api
                    url: https://api.test/
                    http: { client_cert: \(directory)/client.pem, key_password: "l1teral-pw" }
                """)
            #expect(config.warnings.contains { $0.message.contains("key_password is written literally") })
            #expect(!ConfigSummary(config).description.contains("l1teral-pw"))
            #expect(config.endpoints[0].redactor.redact("x l1teral-pw y") == "x *** y")
        }
    }

    @Test func clientKeyWithoutCertificateIsAnError() throws {
        try withFiles { directory in
            let errors = configErrors(
                """
                endpoints:
                  - { name: api, url: "https://api.test/", http: { client_key: \(directory)/client.key } }
                """)
            #expect(errors.map(\.message) == ["client_key without client_cert"])
        }
    }

    /// With no proxy key, `check` says which environment variable's proxy an endpoint uses, with
    /// credentials masked; `no_proxy` and `proxy: none` say direct.
    @Test func checkNamesTheProxyFromTheEnvironment() throws {
        let config = try loadConfig(
            """
            endpoints:
              - { name: secure, url: "https://api.test/" }
              - { name: plain, url: "http://web.test/" }
              - { name: local, url: "http://db.internal/" }
              - { name: off, url: "https://api.test/", http: { proxy: none } }
            """,
            environment: [
                "https_proxy": "http://u:envs3cret@proxy.test:3128", "http_proxy": "http://proxy.test:8080",
                "no_proxy": ".internal",
            ])
        let lines = ConfigSummary(config).endpointLines
        #expect(lines[0].contains("proxy http://u:***@proxy.test:3128 (from https_proxy)"), "\(lines)")
        #expect(lines[1].contains("proxy http://proxy.test:8080 (from http_proxy)"), "\(lines)")
        #expect(lines[2].contains("direct (no_proxy)"), "\(lines)")
        #expect(lines[3].contains("direct (proxy: none)"), "\(lines)")
        #expect(config.endpoints[0].redactor.redact("envs3cret") == "***")
        #expect(!ConfigSummary(config).description.contains("envs3cret"))
        // No proxy variable at all: nothing to say.
        let bare = try loadConfig("endpoints:\n  - { name: a, url: \"https://api.test/\" }\n")
        #expect(!ConfigSummary(bare).endpointLines[0].contains("proxy"))
    }

    @Test func certValidForTakesDaysOrDurations() throws {
        let config = try loadConfig(
            """
            endpoints:
              - { name: a, url: "https://a.test/", expect: { cert_valid_for: 14d } }
              - { name: b, url: "https://b.test/", expect: { cert_valid_for: 36h } }
            """)
        #expect(config.endpoints.map(\.expect.certValidFor) == [.seconds(14 * 86_400), .seconds(36 * 3_600)])
        #expect(config.endpoints[0].policyLines.contains("expect.cert_valid_for: 14d"))
        let errors = configErrors(
            "endpoints:\n  - { name: a, url: \"https://a.test/\", expect: { cert_valid_for: 5000d } }\n")
        #expect(
            errors.first?.message == "cert_valid_for must be between 0d and 3650d, not 5000d", "\(errors)")
    }

    @Test func tcpAndTLSURLsLoadAndRejectHTTPOnlyKeys() throws {
        let config = try loadConfig(
            """
            defaults: { headers: { X-Team: core }, expect: { status: [200] } }
            endpoints:
              - { name: db, url: "tcp://db.internal:5432" }
              - { name: ldap, url: "tls://ldap.internal:636", expect: { cert_valid_for: 14d } }
            """)
        #expect(config.endpoints.map { $0.probeRequest.kind } == [.tcp, .tls])
        #expect(config.endpoints[1].probeRequest.transport.readsCertificate)
        let errors = configErrors(
            """
            endpoints:
              - name: db
                url: tcp://db.internal:5432
                method: POST
                expect: { status: [200], json: '$ exists' }
                http: { follow_redirects: true, proxy: none }
              - { name: noport, url: "tcp://db.internal" }
              - { name: path, url: "tls://db.internal:443/health" }
            """)
        let messages = errors.map(\.message)
        #expect(messages.contains("method does not apply to a tcp:// check"), "\(messages)")
        #expect(messages.contains("expect.status does not apply to a tcp:// check"), "\(messages)")
        #expect(messages.contains("expect.json does not apply to a tcp:// check"), "\(messages)")
        #expect(messages.contains("http.follow_redirects does not apply to a tcp:// check"), "\(messages)")
        #expect(messages.contains("http.proxy does not apply to a tcp:// check"), "\(messages)")
        #expect(messages.contains(#"url "tcp://db.internal" has no port"#), "\(messages)")
        #expect(messages.contains(#"url "tls://db.internal:443/health" has a path or query"#), "\(messages)")
        #expect(errors.count == 7, "\(messages)")
    }

    @Test func noProxyMatching() {
        #expect(ProxyEnvironment.matches(noProxy: "*", host: "x.y"))
        #expect(ProxyEnvironment.matches(noProxy: "a.test, .internal", host: "db.internal"))
        #expect(ProxyEnvironment.matches(noProxy: "internal", host: "internal"))
        #expect(!ProxyEnvironment.matches(noProxy: "internal", host: "xinternal"))
        #expect(ProxyEnvironment.matches(noProxy: "::1", host: "[::1]"))
    }
}
