import Foundation
import Testing

@testable import Monitor

@Suite struct ConfigLoaderTests {
    static let minimal = "endpoints:\n  - name: api\n    url: https://x.test/health\n"

    @Test func builtInDefaultsApplyWhenNothingIsSaid() throws {
        let config = try loadConfig(Self.minimal)
        let api = try #require(config.endpoints.first)
        #expect(api.method == "GET")
        #expect(
            api.interval == .seconds(5) && api.timeout == .seconds(2) && api.connectTimeout == .seconds(1))
        #expect(api.expect == ExpectSpec())
        #expect(api.breaker == BreakerSpec())
        #expect(api.retry == RetrySpec())
        #expect(api.http == HTTPSpec())
        #expect(config.refresh == .milliseconds(250))
    }

    @Test func endpointKeysDeepMergeOverDefaults() throws {
        let yaml = """
            defaults:
              interval: 10s
              headers: { User-Agent: ethotop, X-Team: sre }
              breaker: { failure_threshold: 3, recovery_timeout: 20s, failure_rate: 50%, window: 20 }
              retry: { max_tries: 4, base: 100ms }
              http: { max_body: 64KiB }
            endpoints:
              - name: a
                url: https://a.test/
                breaker: { recovery_timeout: 5s }
                retry: { base: 300ms }
                headers: { user-agent: custom, X-Team: null }
              - name: b
                url: https://b.test/
                interval: 1s
                breaker: { failure_rate: null, window: null }
            """
        let config = try loadConfig(yaml)
        let a = try #require(config.endpoint(named: "a"))
        #expect(a.interval == .seconds(10))
        #expect(a.breaker.failureThreshold == 3)
        #expect(a.breaker.recoveryTimeout == .seconds(5))
        #expect(a.breaker.failureRate == 0.5 && a.breaker.window == .count(20))
        #expect(a.retry.maxTries == 4 && a.retry.base == .milliseconds(300))
        #expect(a.http.maxBody == 64 * 1_024)
        // Header names merge case-insensitively; null removes a default header.
        #expect(a.headers == [HTTPHeader(name: "user-agent", value: "custom")])
        let b = try #require(config.endpoint(named: "b"))
        #expect(b.interval == .seconds(1))
        #expect(b.breaker.recoveryTimeout == .seconds(20))
        #expect(b.breaker.failureRate == nil && b.breaker.window == nil)
        #expect(b.headers.map(\.name) == ["User-Agent", "X-Team"])
        #expect(config.defaults.interval == .seconds(10))
        #expect(config.defaults.breaker.failureThreshold == 3)
    }

    @Test func defaultMinimumCallsNeverExceedsAChosenCountWindow() throws {
        let small = try loadConfig(Self.minimal + "    breaker: { failure_rate: 50%, window: 4 }\n")
        #expect(small.endpoints.first?.breaker.minimumCalls == 4)
        let large = try loadConfig(Self.minimal + "    breaker: { failure_rate: 50%, window: 100 }\n")
        #expect(large.endpoints.first?.breaker.minimumCalls == 10)
        // An explicit value is checked, not clamped.
        #expect(
            configErrors(Self.minimal + "    breaker: { failure_rate: 50%, window: 4, minimum_calls: 5 }\n")
                .map(\.kind)
                == [.unreachable])
    }

    @Test func codeBuiltEndpointsLayHeadersOverDefaults() {
        let defaults = EndpointDefaults(headers: [
            .init(name: "User-Agent", value: "ethotop"), .init(name: "X-A", value: "1"),
        ])
        let endpoint = EndpointConfig(
            name: "demo", url: "http://127.0.0.1:1/", headers: [.init(name: "user-agent", value: "demo")],
            defaults: defaults)
        #expect(endpoint.headers.map(\.name) == ["X-A", "user-agent"])
        #expect(endpoint.header("USER-AGENT") == "demo")
    }

    @Test func yamlMergeKeysWork() throws {
        let yaml = """
            x-common: &common
              interval: 2s
              breaker: { recovery_timeout: 7s }
            endpoints:
              - <<: *common
                name: a
                url: https://a.test/
                interval: 3s
            """
        // x-common is not a known key: merge anchors must live inside known keys, so use defaults.
        #expect(configErrors(yaml).map(\.kind) == [.unknownKey])
        let valid = """
            endpoints:
              - &first
                name: a
                url: https://a.test/
                breaker: { recovery_timeout: 7s }
                interval: 2s
              - <<: *first
                name: b
                interval: 3s
            """
        let config = try loadConfig(valid)
        #expect(config.endpoints.map(\.name) == ["a", "b"])
        let b = try #require(config.endpoint(named: "b"))
        #expect(
            b.interval == .seconds(3) && b.breaker.recoveryTimeout == .seconds(7)
                && b.url == "https://a.test/")
    }

    @Test func allErrorsAreReportedAtOnceInFileOrder() {
        let yaml = """
            refresh: 5
            defaults:
              breaker: { half_open_calls: 0 }
            rate_limits:
              github: { calls: 10, period: 1s }
            endpoints:
              - name: api
                url: ftp://x.test/
                rate_limit: gihtub
                headers: { Authorization: "Bearer ${NOPE}" }
              - name: api
                url: https://x.test/
                breaker: { failure_treshold: 3 }
                timeout: 1s
                timeout: 2s
            """
        let errors = configErrors(yaml)
        #expect(
            errors.map(\.kind) == [
                .invalidValue, .unreachable, .invalidURL, .unknownRateLimit, .missingVariable, .duplicateName,
                .unknownKey, .duplicateKey,
            ], "\(errors)")
        #expect(errors.map(\.line) == [1, 3, 8, 9, 10, 11, 13, 15])
        let text = ConfigErrors(errors).description
        #expect(text.hasSuffix("\n8 errors"))
        #expect(
            text.contains("test.yaml:1:10: refresh: missing unit in duration \"5\"\n  hint: write 5s or 5ms"))
    }

    @Test func warningsDoNotStopLoading() throws {
        let yaml =
            ConfigLoaderTests.minimal
            + "    http: { tls_verify: false }\n    headers: { X-Api-Key: abc123 }\n"
        let config = try loadConfig(yaml)
        let messages = config.warnings.map(\.message)
        #expect(messages.contains { $0.contains("tls_verify is false") })
        #expect(messages.contains { $0.contains("literal credential") })
        #expect(config.warnings.allSatisfy { $0.line == 4 || $0.line == 5 })
        #expect(config.endpoints.first?.tlsVerifyDisabled == true)
    }

    @Test func searchOrderPrefersFlagThenVariableThenXDG() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let xdg = directory.appendingPathComponent("xdg")
        let xdgFile = xdg.appendingPathComponent("ethotop/config.yaml")
        try FileManager.default.createDirectory(
            at: xdgFile.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(Self.minimal.utf8).write(to: xdgFile)
        let home = directory.appendingPathComponent("home")

        let withAll = ConfigLoader(environment: [
            "ETHOTOP_CONFIG": "/from/env.yaml", "XDG_CONFIG_HOME": xdg.path, "HOME": home.path,
        ])
        #expect(
            withAll.locate(explicitPath: "/from/flag.yaml")
                == .init(path: "/from/flag.yaml", origin: .commandLine))
        #expect(withAll.locate() == .init(path: "/from/env.yaml", origin: .environment))

        let xdgOnly = ConfigLoader(environment: ["XDG_CONFIG_HOME": xdg.path, "HOME": home.path])
        #expect(xdgOnly.locate() == .init(path: xdgFile.path, origin: .xdg))
        #expect(try xdgOnly.load()?.endpoints.count == 1)

        // No file at the default place: nil, so the caller runs the demo.
        let homeOnly = ConfigLoader(environment: ["HOME": home.path])
        #expect(homeOnly.defaultPath == home.path + "/.config/ethotop/config.yaml")
        #expect(homeOnly.locate() == nil)
        #expect(try homeOnly.load() == nil)
        // A relative XDG_CONFIG_HOME is ignored, as the spec requires.
        #expect(
            ConfigLoader(environment: ["XDG_CONFIG_HOME": "rel", "HOME": "/h"]).defaultPath
                == "/h/.config/ethotop/config.yaml")
        // An explicit but missing file is an error, not a silent demo.
        #expect(throws: ConfigErrors.self) {
            try withAll.load(explicitPath: directory.appendingPathComponent("nope.yaml").path)
        }
        // ~ expands against HOME.
        #expect(homeOnly.locate(explicitPath: "~/c.yaml")?.path == home.path + "/c.yaml")
    }

    @Test func invalidUTF8IsASyntaxErrorWithPosition() {
        var data = Data("endpoints:\n  - name: a".utf8)
        data.append(0xFF)
        #expect {
            try ConfigLoader(environment: [:]).parse(data: data, sourcePath: "bad.yaml")
        } throws: { error in
            guard let first = (error as? ConfigErrors)?.errors.first else { return false }
            return first.kind == .syntax && first.line == 2 && first.column == 12
        }
    }

    @Test func pathologicalNestingIsRefusedCleanly() {
        let deep = "endpoints: " + String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000)
        #expect(configErrors(deep).map(\.kind) == [.syntax])
        let dashes = "endpoints:\n" + String(repeating: "- ", count: 2_000) + "x\n"
        #expect(configErrors(dashes).map(\.kind) == [.syntax])
    }

    @Test func aliasBombIsBounded() {
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1..<12 {
            let refs = Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
            yaml += "a\(level): &a\(level) [\(refs)]\n"
        }
        yaml += "endpoints: []\n"
        let start = ContinuousClock.now
        let errors = configErrors(yaml)
        #expect(
            errors.contains { $0.message.contains("too large once its aliases are expanded") }, "\(errors)")
        #expect(ContinuousClock.now - start < .seconds(10))
    }

    /// Invalid UTF-8 is reported where the first ill-formed sequence starts, with the column in
    /// scalars: well-formed non-ASCII text before it (`café`, `→`) neither stops the scan nor
    /// counts its bytes as columns.
    @Test(arguments: [
        (Array("endpoints:\n  - name: caf\u{E9} \u{2192} x".utf8) + [0xFF], 2, 19),
        (Array("# \u{E9}\n".utf8) + [0xC3, 0x28], 2, 1),
        ([0xED, 0xA0, 0x80], 1, 1),
        (Array("ok: 1\nv: ab".utf8) + [0xF0, 0x9F, 0x98], 2, 6),
    ])
    func invalidUTF8IsReportedAtTheFirstIllFormedByte(bytes: [UInt8], line: Int, column: Int) {
        do {
            _ = try ConfigLoader(environment: [:]).parse(data: Data(bytes), sourcePath: "bad.yaml")
            Issue.record("invalid UTF-8 was accepted")
        } catch {
            #expect(error.errors.count == 1)
            let first = error.errors.first
            #expect(first?.kind == .syntax)
            #expect(first?.message == "the config is not valid UTF-8")
            #expect(first?.line == line)
            #expect(first?.column == column)
        }
    }
}
