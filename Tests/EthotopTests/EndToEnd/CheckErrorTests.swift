import Foundation
import Testing

/// `ethotop check` end to end: every config error kind reaches standard error as
/// `FILE:LINE:COL: message` with its hint on the next line, all at once, with exit status 2.
///
/// The loader's unit tests (MonitorTests/Config) pin every message; these check that the binary
/// reports them faithfully: the right file, line and column, nothing on standard output.
@Suite struct CheckErrorTests {
    @Test func everyProblemOfAFileIsReportedAtOnceWithLineAndColumn() async throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let path = try sandbox.write(
            "bad.yaml",
            """
            refresh: 250ms
            defaults:
              interval: 5
              breaker:
                half_open_calls: 0
            endpoints:
              - name: api
                url: "http://127.0.0.1:1/${MISSING_TOKEN}"
                timout: 2s
              - name: api
                url: "ftp://127.0.0.1/x"
                rate_limit: nope
                http: { http2: yes }
              - name: twice
                group: a
                group: b

            """)
        let result = try await BuiltBinary.run(
            ["check", "--config", path], environment: sandbox.environment())
        #expect(result.status == 2)
        #expect(result.standardOutput.isEmpty)
        let expected: [(location: String, message: String)] = [
            ("3:13", "interval: missing unit in duration \"5\""),  // invalid_value
            ("5:22", "half_open_calls is 0: an open breaker could never close"),  // unreachable
            ("8:10", "environment variable MISSING_TOKEN is not set (used in url)"),  // missing_variable
            ("9:5", "unknown key \"timout\" in an endpoint"),  // unknown_key
            ("10:11", "duplicate endpoint name \"api\""),  // duplicate_name
            ("11:10", "url scheme \"ftp\" is not supported"),  // invalid_url
            ("12:17", "unknown rate limit \"nope\""),  // unknown_rate_limit
            ("13:20", "http2 must be true or false, not the text \"yes\""),  // wrong_type
            ("14:5", "endpoint \"twice\" has no url"),  // missing_key
            ("16:5", "duplicate key \"group\""),  // duplicate_key
        ]
        let lines = result.standardError.split(separator: "\n").map(String.init)
        let problems = lines.filter { !$0.hasPrefix("  hint: ") }
        let hints = lines.filter { $0.hasPrefix("  hint: ") }
        #expect(problems.count == expected.count, "\(result.standardError)")
        for (line, want) in zip(problems, expected) {
            #expect(line.hasPrefix("\(path):\(want.location): \(want.message)"), "\(line)")
        }
        // Each problem has its hint on the following line.
        #expect(hints.count == expected.count, "\(result.standardError)")
        #expect(lines.first.map { !$0.hasPrefix("  ") } == true)
        #expect(result.standardError.contains("\n  hint: did you mean \"timeout\"?\n"))
    }

    @Test func syntaxAndMissingFileErrors() async throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let tabbed = try sandbox.write("tabbed.yaml", "endpoints:\n  - name: a\n\turl: x\n")
        let syntax = try await BuiltBinary.run(
            ["check", "--config", tabbed], environment: sandbox.environment())
        #expect(syntax.status == 2)
        #expect(syntax.standardError.hasPrefix("\(tabbed):3:1: invalid YAML: found a tab character"))

        let missing = sandbox.root.appendingPathComponent("absent.yaml").path
        let io = try await BuiltBinary.run(
            ["check", "--config", missing], environment: sandbox.environment())
        #expect(io.status == 2)
        #expect(io.standardError.hasPrefix("\(missing): no such file"))  // io: no line, no column
    }

    @Test func aValidConfigChecksClean() async throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let path = try sandbox.write(
            "good.yaml", "endpoints:\n  - name: api\n    url: http://127.0.0.1:1/health\n")
        let result = try await BuiltBinary.run(
            ["check", "--config", path], environment: sandbox.environment())
        #expect(result.status == 0)
        #expect(result.standardOutput.hasPrefix("\(path): OK, 1 endpoint"), "\(result.standardOutput)")
        #expect(result.standardError.isEmpty)
    }
}
