import Testing

@testable import Monitor

/// Every ``ConfigError/Kind`` the decoder produces, each at its exact line and column.
@Suite struct ConfigErrorKindTests {
    /// One endpoint, then `extra` lines indented under it.
    static func endpoint(_ extra: String) -> String {
        "endpoints:\n  - name: api\n    url: https://x.test/health\n" + extra
    }

    /// Like the other overload, with the column given as the first occurrence of `marker` on `line`
    /// (1-based, in Unicode scalars, as libyaml counts).
    func expectSingle(
        _ yaml: String, _ kind: ConfigError.Kind, line: Int, at marker: String, _ fragment: String,
        hint: String? = nil,
        environment: [String: String] = [:], sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
        guard line <= lines.count, let range = lines[line - 1].range(of: marker) else {
            Issue.record("marker \(marker) not on line \(line)", sourceLocation: sourceLocation)
            return
        }
        let column =
            lines[line - 1].unicodeScalars.distance(
                from: lines[line - 1].startIndex, to: range.lowerBound) + 1
        expectSingle(
            yaml, kind, line, column, fragment, hint: hint, environment: environment,
            sourceLocation: sourceLocation)
    }

    /// Checks that `yaml` fails with exactly one error of `kind` at `line`:`column` whose message
    /// contains `fragment` (and whose hint contains `hint`, when given).
    func expectSingle(
        _ yaml: String, _ kind: ConfigError.Kind, _ line: Int, _ column: Int, _ fragment: String,
        hint: String? = nil,
        environment: [String: String] = [:], sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let errors = configErrors(yaml, environment: environment)
        #expect(errors.count == 1, "\(errors)", sourceLocation: sourceLocation)
        guard let error = errors.first else { return }
        #expect(error.kind == kind, "\(error)", sourceLocation: sourceLocation)
        #expect(error.line == line && error.column == column, "\(error)", sourceLocation: sourceLocation)
        #expect(error.message.contains(fragment), "\(error)", sourceLocation: sourceLocation)
        if let hint {
            #expect(error.hint?.contains(hint) == true, "\(error)", sourceLocation: sourceLocation)
        }
        #expect(error.description.hasPrefix("test.yaml:\(line):\(column): "), sourceLocation: sourceLocation)
    }

    @Test func syntaxErrorHasPositionAndHint() {
        expectSingle(
            "endpoints:\n  - name: a\n\turl: x\n", .syntax, 3, 1, "tab character", hint: "indent with spaces")
        expectSingle("refresh: [1, 2\nendpoints: x\n", .syntax, 2, 10, "invalid YAML")
    }

    @Test func unknownKeySuggestsTheNearestKey() {
        expectSingle(
            Self.endpoint("    breaker:\n      failure_treshold: 3\n"), .unknownKey, 5, 7,
            "\"failure_treshold\"",
            hint: "did you mean \"failure_threshold\"?")
        expectSingle(
            Self.endpoint("    http: { max_connection_per_host: 5 }\n"), .unknownKey, line: 4,
            at: "max_connection_per_host", "\"max_connection_per_host\" in http",
            hint: "did you mean \"max_connections_per_host\"?")
        expectSingle(
            "rate_limits:\n  github: { calls: 10, period: 1s, bursts: 5 }\n"
                + Self.endpoint("    rate_limit: github\n"), .unknownKey, line: 2, at: "bursts",
            "\"bursts\" in a rate limit", hint: "did you mean \"burst\"?")
    }

    @Test func unknownKeyInTheWrongSectionSaysWhereItBelongs() {
        expectSingle(
            Self.endpoint("    failure_threshold: 3\n"), .unknownKey, 4, 5, "in an endpoint",
            hint: "belongs in breaker")
        expectSingle("refresh: 1s\ntimout: 2s\n" + Self.endpoint(""), .unknownKey, 2, 1, "\"timout\"")
        expectSingle(
            Self.endpoint("    http: { burst: 5 }\n"), .unknownKey, line: 4, at: "burst", "in http",
            hint: "\"burst\" belongs in a rate limit, not in http")
    }

    @Test func duplicateKeyPointsAtTheSecond() {
        expectSingle(
            Self.endpoint("    timeout: 1s\n    timeout: 2s\n"), .duplicateKey, 5, 5,
            "duplicate key \"timeout\"",
            hint: "line 4")
    }

    @Test func missingKeyPointsAtTheEndpoint() {
        expectSingle("endpoints:\n  - name: api\n    group: g\n", .missingKey, 2, 5, "has no url")
        expectSingle("refresh: 1s\n", .missingKey, 1, 1, "no endpoints")
    }

    @Test func wrongTypeNamesWhatWasFound() {
        expectSingle(
            Self.endpoint("    breaker: 5\n"), .wrongType, 4, 14, "must be a mapping, not the number 5")
        expectSingle(
            Self.endpoint("    retry: { max_tries: three }\n"), .wrongType, line: 4, at: "three",
            "max_tries must be a whole number")
        expectSingle(
            Self.endpoint("    http: { http2: yes }\n"), .wrongType, line: 4, at: "yes", "true or false",
            hint: "write true")
        expectSingle("endpoints: { name: api }\n", .wrongType, 1, 12, "endpoints must be a list")
        expectSingle(
            Self.endpoint("    breaker: { window: [20] }\n"), .wrongType, line: 4, at: "[20]",
            "window must be a count")
    }

    @Test func invalidValuesSayHowToWriteThem() {
        expectSingle(
            Self.endpoint("    interval: 5\n"), .invalidValue, 4, 15, "missing unit", hint: "5s or 5ms")
        expectSingle(
            Self.endpoint("    breaker: { failure_rate: 0.5, window: 10 }\n"), .invalidValue, line: 4,
            at: "0.5",
            "missing %", hint: "50%")
        expectSingle(
            Self.endpoint("    http: { max_body: 1M }\n"), .invalidValue, 4, 23, "unknown unit", hint: "1MiB")
        expectSingle(
            Self.endpoint("    expect: { status: [\"299-200\"] }\n"), .invalidValue, line: 4, at: "\"299",
            "backwards")
        expectSingle(
            Self.endpoint("    interval: 10ms\n"), .invalidValue, line: 4, at: "10ms", "between 100ms and")
        expectSingle(
            Self.endpoint("    retry: { jitter: ful }\n"), .invalidValue, line: 4, at: "ful",
            "must be one of",
            hint: "\"full\"")
        expectSingle(
            Self.endpoint("    breaker: { record: [timeout, 5xx] }\n"), .invalidValue, line: 4, at: "5xx",
            "unknown failure kind", hint: "status_5xx")
        expectSingle(
            Self.endpoint("    expect: { body_regex: '(' }\n"), .invalidValue, line: 4, at: "'(",
            "not a valid regular")
        expectSingle(
            Self.endpoint("    headers: { \"Bad Name\": x }\n"), .invalidValue, line: 4, at: "\"Bad",
            "header name")
        expectSingle(
            Self.endpoint("    body: \"${A\"\n"), .invalidValue, line: 4, at: "\"${", "unterminated")
        expectSingle(
            Self.endpoint("    http: { max_connections_per_host: 0 }\n"), .invalidValue, line: 4, at: "0 }",
            "max_connections_per_host must be", hint: "half of max_connections")
        expectSingle(
            "rate_limits:\n  github: { calls: 10, period: 1s, burst: -1 }\n"
                + Self.endpoint("    rate_limit: github\n"), .invalidValue, line: 2, at: "-1", "burst must be"
        )
    }

    @Test func invalidURLs() {
        expectSingle(
            "endpoints:\n  - name: api\n    url: ftp://x.test/\n", .invalidURL, 3, 10, "scheme \"ftp\"",
            hint: "http:// and https://")
        expectSingle(
            "endpoints:\n  - name: api\n    url: /health\n", .invalidURL, 3, 10, "not a valid absolute URL")
        expectSingle("endpoints:\n  - name: api\n    url: \"http://\"\n", .invalidURL, 3, 10, "has no host")
        expectSingle("endpoints:\n  - name: api\n    url: \"http://a b/\"\n", .invalidURL, 3, 10, "spaces")
    }

    @Test func duplicateNamePointsAtTheSecondName() {
        let yaml = Self.endpoint("  - name: api\n    url: https://y.test/\n")
        expectSingle(yaml, .duplicateName, 4, 11, "duplicate endpoint name \"api\"", hint: "line 2")
    }

    @Test func unknownRateLimitSuggestsADefinedOne() {
        let yaml =
            "rate_limits:\n  github: { calls: 10, period: 1s }\n"
            + Self.endpoint("    rate_limit: gihtub\n")
        expectSingle(yaml, .unknownRateLimit, 6, 17, "\"gihtub\"", hint: "did you mean \"github\"?")
        expectSingle(
            Self.endpoint("    rate_limit: x\n"), .unknownRateLimit, 4, 17, "\"x\"", hint: "rate_limits:")
    }

    @Test func missingVariableNamesTheVariable() {
        expectSingle(
            Self.endpoint("    headers: { Authorization: \"Bearer ${API_TOKEN}\" }\n"), .missingVariable, 4,
            31,
            "API_TOKEN is not set", hint: "export API_TOKEN=")
        expectSingle(
            "endpoints:\n  - name: api\n    url: https://${HOST}/\n", .missingVariable, 3, 10,
            "HOST is not set")
        // A fallback makes the variable optional.
        #expect(configErrors("endpoints:\n  - name: api\n    url: https://${HOST:-x.test}/\n").isEmpty)
    }

    @Test func unreachableCombinations() {
        expectSingle(
            Self.endpoint("    breaker: { half_open_calls: 0 }\n"), .unreachable, 4, 33, "could never close")
        expectSingle(
            Self.endpoint("    breaker: { failure_rate: 50% }\n"), .unreachable, line: 4, at: "50%",
            "needs a window")
        expectSingle(
            Self.endpoint("    breaker: { slow_call_rate: 50%, window: 10 }\n"), .unreachable, line: 4,
            at: "50%",
            "needs slow_call")
        expectSingle(
            Self.endpoint("    breaker: { failure_rate: 50%, window: 5, minimum_calls: 10 }\n"), .unreachable,
            line: 4, at: "10 }", "never judged")
        expectSingle(
            Self.endpoint("    breaker: { half_open_calls: 2, half_open_successes: 3 }\n"), .unreachable,
            line: 4,
            at: "3 }", "half_open_successes")
        expectSingle(
            Self.endpoint("    breaker: { failure_threshold: 0 }\n"), .unreachable, line: 4, at: "0 }",
            "can never open")
        expectSingle(
            Self.endpoint("    breaker: { record: [] }\n"), .unreachable, line: 4, at: "[]", "record is empty"
        )
        expectSingle(
            Self.endpoint("    retry: { base: 2s, max_delay: 1s }\n"), .unreachable, line: 4, at: "1s",
            "shorter than base")
        expectSingle(
            Self.endpoint("    method: HEAD\n    expect: { body_contains: ok }\n"), .unreachable, line: 5,
            at: "ok",
            "HEAD response has no body")
        expectSingle(
            Self.endpoint("    http: { max_keepalive_connections: 20, max_connections: 10 }\n"), .unreachable,
            line: 4, at: "20", "more than max_connections")
        expectSingle(
            Self.endpoint("    http: { max_connections: 10, max_connections_per_host: 11 }\n"), .unreachable,
            line: 4, at: "11", "max_connections_per_host (11) is more than max_connections (10)",
            hint: "make it at most 10")
        expectSingle(
            Self.endpoint("    expect: { status: [] }\n"), .unreachable, line: 4, at: "[]",
            "no response could succeed")
    }

    /// A problem in `defaults:` is reported once, at its own position, not once per endpoint.
    @Test func defaultsProblemsAreReportedOnce() {
        let yaml = """
            defaults:
              breaker: { half_open_calls: 0 }
              timeout: 5
            endpoints:
              - { name: a, url: "https://a.test/" }
              - { name: b, url: "https://b.test/" }
              - { name: c, url: "https://c.test/" }
            """
        let errors = configErrors(yaml)
        #expect(errors.map(\.kind) == [.unreachable, .invalidValue], "\(errors)")
        #expect(errors.map(\.line) == [2, 3])
    }

    @Test func ioErrorsHaveNoPosition() throws {
        do {
            _ = try ConfigLoader(environment: [:]).load(path: "/nonexistent/ethotop/config.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(error.errors.map(\.kind) == [.io])
            #expect(
                error.errors.first?.description.hasPrefix("/nonexistent/ethotop/config.yaml: no such file")
                    == true)
        }
    }

    @Test func everyKindIsExercised() {
        // Guards this suite: a new Kind must come with a test above.
        #expect(ConfigError.Kind.allCases.count == 12)
    }
}
