import Foundation
import Testing

@testable import Monitor

/// `${VAR}` values are substituted where the probe needs them and never appear in anything printed.
@Suite struct ConfigSecretsTests {
    static let token = "tok-9f8e7d6c5b4a"
    static let password = "pw-q1w2e3r4"
    static let environment = ["API_TOKEN": token, "DB_PASS": password, "HOST": "api.test"]
    static let yaml = """
        rate_limits:
          shared: { calls: 1, period: 1s }
        endpoints:
          - name: api
            url: "https://svc:${DB_PASS}@${HOST}/health?key=${API_TOKEN}"
            headers: { Authorization: "Bearer ${API_TOKEN}" }
            body: '{"token": "${API_TOKEN}"}'
            method: POST
            rate_limit: shared
            expect: { body_contains: "ok" }
            http: { tls_verify: false }
          - name: literal
            url: "https://admin:hunter2pass@other.test/"
            headers: { X-Api-Key: literal-key-value }
        """

    @Test func valuesAreSubstitutedForTheProbe() throws {
        let config = try loadConfig(Self.yaml, environment: Self.environment)
        let api = try #require(config.endpoint(named: "api"))
        #expect(api.url == "https://svc:\(Self.password)@api.test/health?key=\(Self.token)")
        #expect(api.header("Authorization") == "Bearer \(Self.token)")
        #expect(api.body == "{\"token\": \"\(Self.token)\"}")
    }

    @Test func displayFormsShowVariablesNotValues() throws {
        let config = try loadConfig(Self.yaml, environment: Self.environment)
        let api = try #require(config.endpoint(named: "api"))
        #expect(api.displayURL == "https://svc:***@${HOST}/health?key=${API_TOKEN}")
        #expect(api.policyLines.contains("headers.Authorization: Bearer ${API_TOKEN}"))
        #expect(
            api.policyLines.contains {
                $0.hasPrefix("http.tls_verify: false  \(EndpointConfig.warningMarker)")
            })
        let literal = try #require(config.endpoint(named: "literal"))
        #expect(literal.displayURL == "https://admin:***@other.test/")
        #expect(literal.policyLines.contains("headers.X-Api-Key: ***"))
    }

    @Test func noPrintedFormContainsASecret() throws {
        let config = try loadConfig(Self.yaml, environment: Self.environment)
        var printed: [String] = [
            config.description, String(reflecting: config), ConfigSummary(config).description,
        ]
        var dumped = ""
        dump(config, to: &dumped)
        printed.append(dumped)
        for endpoint in config.endpoints {
            printed +=
                [endpoint.description, endpoint.debugDescription, endpoint.displayURL] + endpoint.policyLines
            printed += endpoint.headers.map(\.description)
        }
        printed += config.warnings.map(\.description)
        let secrets = [Self.token, Self.password, "hunter2pass", "literal-key-value"]
        for text in printed {
            for secret in secrets { #expect(!text.contains(secret), "\(secret) leaked in: \(text)") }
        }
        #expect(
            config.redactor.redact("curl: (7) https://x/?key=\(Self.token)")
                == "curl: (7) https://x/?key=${API_TOKEN}")
    }

    @Test func errorMessagesNeverContainSecretValues() {
        // The variable's value makes the URL invalid; the message quotes the template, not the value.
        let environment = ["BAD": "has space \(Self.token)", "API_TOKEN": Self.token]
        let yaml = """
            endpoints:
              - name: api
                url: "https://x.test/${BAD}"
                headers: { Authorization: "Bearer ${API_TOKEN}", X-Broken: "${BAD}\\nInjected: 1" }
              - name: other
                url: "https://user:\(Self.password)@x.test/"
                timeout: nope
            """
        let errors = configErrors(yaml, environment: environment)
        #expect(errors.map(\.kind) == [.invalidURL, .invalidValue, .invalidValue], "\(errors)")
        let text = ConfigErrors(errors).description
        #expect(!text.contains(Self.token))
        #expect(!text.contains(Self.password))
        #expect(text.contains("${BAD}"))
    }

    @Test func emptyVariableIsAllowedButWarned() throws {
        let config = try loadConfig(
            "endpoints:\n  - name: a\n    url: https://a.test/\n    headers: { Authorization: \"${T}\" }\n",
            environment: ["T": ""])
        #expect(config.warnings.contains { $0.message.contains("T is set but empty") })
    }

    @Test func dollarDollarIsALiteralDollar() throws {
        let config = try loadConfig(
            "endpoints:\n  - name: a\n    url: https://a.test/\n    body: \"$${NOT_A_VAR} costs $5\"\n")
        #expect(config.endpoints.first?.body == "${NOT_A_VAR} costs $5")
    }

    @Test func theLoaderRegistersTheFormsEthotopSendsEachSecretIn() throws {
        let yaml = """
            endpoints:
              - name: basic
                url: "https://svc:${DB_PASS}@x.test/h?api_key=literal-qk-123&page=2"
                headers: { Authorization: "Basic c3ZjOmxpdGVyYWwtYmFzaWM=" }
            """
        let config = try loadConfig(yaml, environment: ["DB_PASS": "p%2F\(Self.password)"])
        let endpoint = try #require(config.endpoint(named: "basic"))
        let redactor = endpoint.redactor
        // What libcurl sends for the userinfo: the base64 of the percent-decoded user:password.
        let basic = Data("svc:p/\(Self.password)".utf8).base64EncodedString()
        #expect(redactor.redact("Authorization: Basic \(basic)") == "Authorization: Basic ***")
        // A server that decodes the password before quoting it.
        #expect(!redactor.redact("pw p/\(Self.password)").contains(Self.password))
        // A literal credential in the query string is a secret too; other parameters are not.
        #expect(endpoint.displayURL == "https://svc:***@x.test/h?api_key=***&page=2")
        // The parts of a literal Basic credential: its decoded password.
        #expect(redactor.redact("got literal-basic") == "got ***")
    }
}
