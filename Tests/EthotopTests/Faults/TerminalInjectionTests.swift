import ChaosServer
import FaultPeers
import Monitor
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A server whose reason phrase, headers and body carry terminal escape sequences and invalid
/// UTF-8 (the ChaosServer's `/escapes`, bytes in `ChaosPayloads`) cannot reach the operator's
/// terminal: not through the dashboard (checked on the raw bytes ethotop writes to the pty and on
/// the screen), not through `snapshot` (table and JSON) nor `watch`.
@Suite(.timeLimit(.minutes(3)))
struct TerminalInjectionTests {
    /// Endpoints that carry the hostile bytes into every message ethotop builds: the reason
    /// phrase into a status failure, the body into an expectation, and, beside them, endpoints
    /// that hang, blackhole and answer garbage, so the UI is also shown answering keys while
    /// probes hang.
    static func config(_ server: ChaosServer, blackhole: ChaosBlackhole) -> String {
        """
        refresh: 100ms
        defaults:
          interval: 200ms
          timeout: 1s
          connect_timeout: 300ms
          retry: { max_tries: 1 }
          breaker: { failure_threshold: 2, recovery_timeout: 500ms }
        endpoints:
          - name: hostile-status
            url: "\(server.url(for: "/escapes"))"
            expect: { status: 201 }
          - name: hostile-body
            url: "\(server.url(for: "/escapes"))"
            expect: { body_regex: '^never' }
          - name: hanging
            url: "\(server.url(for: "/hang"))"
          - name: blackholed
            url: "\(blackhole.baseURL)/"
          - name: garbage
            url: "\(server.url(for: "/garbage"))"
        """
    }

    /// Byte sequences from the payloads that ncurses itself never writes for this terminal
    /// (tmux-256color clears with `ESC [ H ESC [ J`, sets no title, rings no bell).
    static let forbidden: [(name: String, bytes: [UInt8])] = [
        ("OSC (any: title, hyperlink)", [0x1B, 0x5D]),
        ("the OSC title payload", Array("pwned".utf8)),
        ("CSI 2J clear screen", Array("\u{1B}[2J".utf8)),
        ("CSI 3J clear scrollback", Array("\u{1B}[3J".utf8)),
        ("device status query", Array("\u{1B}[6n".utf8)),
        ("SGR blink from the body", Array("\u{1B}[31;1;5m".utf8)),
        ("BEL", [0x07]),
        // Not BS alone: ncurses moves the cursor left with it (`cub1`). The overwrite is the attack.
        ("backspace-and-CR overwrite", Array("secret".utf8) + [0x08, 0x08, 0x0D]),
        ("NUL", [0x00]),
        ("DEL", [0x7F]),
    ]

    /// Records an issue for each hostile sequence in `bytes`, and for C1 controls, bidi
    /// overrides and invalid UTF-8 (every byte ethotop writes must decode as UTF-8).
    static func expectClean(
        _ bytes: [UInt8], _ label: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        for violation in violations(in: bytes) {
            Issue.record("\(violation) reached \(label)", sourceLocation: sourceLocation)
        }
    }

    /// What of the hostile input `bytes` contain: forbidden sequences, invalid UTF-8, C1
    /// controls, bidi controls.
    static func violations(in bytes: [UInt8]) -> [String] {
        var found = forbidden.filter { bytes.firstRange(of: $0.bytes) != nil }.map(\.name)
        guard let text = String(validating: bytes, as: UTF8.self) else { return found + ["invalid UTF-8"] }
        for scalar in text.unicodeScalars {
            if (0x80...0x9F).contains(scalar.value) {
                found.append("C1 control U+\(String(scalar.value, radix: 16))")
            }
            if (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value) {
                found.append("bidi control U+\(String(scalar.value, radix: 16))")
            }
        }
        return found
    }

    /// The checker itself catches what the server sends: each payload, raw, is a violation.
    @Test func checkerCatchesEveryRawPayload() {
        #expect(
            Set(Self.violations(in: ChaosPayloads.escapeReason)).isSuperset(of: [
                "OSC (any: title, hyperlink)", "the OSC title payload", "CSI 2J clear screen", "BEL",
                "invalid UTF-8",
            ]))
        #expect(Set(Self.violations(in: ChaosPayloads.escapeHeader)).contains("BEL"))
        let body = Set(Self.violations(in: ChaosPayloads.escapeBody))
        #expect(
            body.isSuperset(of: [
                "CSI 3J clear scrollback", "device status query", "SGR blink from the body",
                "backspace-and-CR overwrite", "NUL", "DEL", "invalid UTF-8",
            ]))
        // Valid UTF-8 apart from the deliberately broken line: C1 and bidi are found as scalars.
        let decodable = Array(String(decoding: ChaosPayloads.escapeBody, as: UTF8.self).utf8)
        #expect(Self.violations(in: decodable).contains("C1 control U+9d"))
        #expect(Self.violations(in: decodable).contains("bidi control U+202e"))
    }

    /// Control characters other than newline (and tab) in a program's text output.
    static func controlCharacters(in text: String) -> [UInt32] {
        text.unicodeScalars.filter { TextSanitizer.isUnsafe($0) && $0 != "\n" && $0 != "\t" }.map(\.value)
    }

    @Test func hostileServerTextNeverReachesTheDashboardsTerminal() async throws {
        try await withChaosServer { server in
            let hole = try ChaosBlackhole.start()
            defer { hole.stop() }
            let files = try Scratch.directory("ethotop-injection")
            defer { try? FileManager.default.removeItem(atPath: files) }
            let config = files + "/config.yaml"
            try Self.config(server, blackhole: hole).write(toFile: config, atomically: true, encoding: .utf8)

            try await DashboardInTmux.with(
                arguments: ["--config", config, "--refresh", "100ms"], height: 60
            ) { terminal in
                // Show only the endpoint whose status failures carry the hostile reason phrase, so
                // the detail pane is its own whatever the sort order does meanwhile.
                try await terminal.waitFor(text: "hostile-status")
                try await terminal.press("/")
                try await terminal.tmux(["send-keys", "-t", "faults", "-l", "hostile-status"])
                try await terminal.press("Enter")
                // Its last errors, sanitised, on screen: the reason phrase's text survives, its
                // escapes do not.
                let screen = try await terminal.waitFor(text: "HTTP 200 OK")
                #expect(screen.contains("Detail hostile-status"))
                #expect(!screen.contains("pwned"))
                #expect(try await terminal.format("#{pane_title}") != "pwned by status line")
                #expect(server.requestCount(path: "/escapes") > 0)

                // Keys are answered while other probes hang and blackhole: the help overlay opens
                // and closes, each within a deadline a stuck UI would miss.
                let started = ContinuousClock.now
                try await terminal.press("?")
                try await terminal.waitFor(text: "Breakers (selected endpoint)", timeout: .seconds(10))
                try await terminal.press("Escape")
                try await terminal.waitForScreen("the help overlay to close", timeout: .seconds(10)) {
                    !$0.contains("Breakers (selected endpoint)")
                }
                print("dashboard with hanging probes: two keys answered in \(ContinuousClock.now - started)")

                try await terminal.press("q")
                #expect(try await terminal.exitStatus() == 0)
                let raw = terminal.rawOutput
                #expect(raw.count > 1_000, "the recorder saw the dashboard draw (\(raw.count) bytes)")
                // Alternate screen on once at start, off once at the end: no payload toggled it.
                #expect(raw.ranges(of: Array("\u{1B}[?1049h".utf8)).count == 1)
                #expect(raw.ranges(of: Array("\u{1B}[?1049l".utf8)).count == 1)
                Self.expectClean(raw, "the dashboard's terminal output")
            }
        }
    }

    @Test func snapshotAndWatchOutputCarryNoControlCharactersFromTheServer() async throws {
        try await withChaosServer { server in
            let hole = try ChaosBlackhole.start()
            defer { hole.stop() }
            let sandbox = try Sandbox()
            defer { sandbox.remove() }
            let config = try sandbox.write("config.yaml", Self.config(server, blackhole: hole))
            let environment = sandbox.environment()

            for format in ["table", "json"] {
                let run = try await BuiltBinary.run(
                    ["snapshot", "--config", config, "--duration", "1500ms", "--format", format],
                    environment: environment)
                #expect(run.status == 0, "\(run.standardError)")
                #expect(
                    run.standardOutput.contains("HTTP 200 OK"), "\(format): the sanitised message is there")
                #expect(Self.controlCharacters(in: run.standardOutput).isEmpty, "snapshot --format \(format)")
                Self.expectClean(Array(run.standardOutput.utf8), "snapshot --format \(format)")
                if format == "json" {
                    // JSON escapes would hide a control character as \u001b: decode and look again.
                    let strings = Self.strings(
                        in: try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)))
                    #expect(strings.contains { $0.contains("HTTP 200 OK") })
                    for string in strings { #expect(Self.controlCharacters(in: string).isEmpty, "\(string)") }
                }
            }

            let watch = try BuiltBinary(
                ["watch", "--config", config, "--refresh", "100ms"], environment: environment)
            #expect(await eventually { watch.standardOutput.contains("HTTP 200 OK") })
            #expect(await watch.terminate() == 0)
            let lines = watch.outputLines
            #expect(lines.count >= 2)
            #expect(Self.controlCharacters(in: watch.standardOutput).isEmpty, "watch")
            Self.expectClean(Array(watch.standardOutput.utf8), "watch")
            for line in lines {
                let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
                for string in Self.strings(in: object) {
                    #expect(Self.controlCharacters(in: string).isEmpty, "watch: \(string)")
                }
            }
        }
    }

    /// Every string (keys and values) anywhere in a decoded JSON value.
    static func strings(in value: Any) -> [String] {
        switch value {
        case let string as String: [string]
        case let array as [Any]: array.flatMap { strings(in: $0) }
        case let object as [String: Any]: object.flatMap { [$0.key] + strings(in: $0.value) }
        default: []
        }
    }
}
