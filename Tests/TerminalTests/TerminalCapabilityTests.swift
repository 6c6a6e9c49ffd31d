import Foundation
import Testing

extension EndToEnd {
    /// The dashboard adapts to the terminal it is given: no colour under `NO_COLOR`, ASCII under a
    /// non-UTF-8 locale, and a clear refusal where it cannot draw at all.
    @Suite(.timeLimit(.minutes(1)))
    struct TerminalCapabilityTests {
        /// The control for the `NO_COLOR` test: by default the states are coloured.
        @Test func defaultThemeUsesColour() async throws {
            try await DashboardRun.with { run in
                try await run.terminal.waitFor("coloured states", escapes: true) {
                    $0.contains("CLOSED") && !$0.colourParameters.isEmpty
                }
            }
        }

        @Test func noColorDrawsWithAttributesOnly() async throws {
            try await DashboardRun.with(Launch(environment: ["NO_COLOR": "1"])) { run in
                // Without colour the screen still reads: every state has a glyph and a word.
                try await run.terminal.waitFor("the whole frame") { screen in
                    screen.tableRow("checkout")?.contains("● CLOSED") == true
                        && screen.keyBar.contains("q quit")
                }
                let screen = try await run.terminal.capture(escapes: true)
                #expect(screen.colourParameters.isEmpty, "no colour escape in \(screen.sgrSequences)")
                let attributes = Set(screen.sgrSequences.joined())
                #expect(
                    attributes.contains(1) || attributes.contains(7), "mono still marks with bold or reverse")
            }
        }

        /// The control for the ASCII test: in a UTF-8 locale the dashboard draws Unicode glyphs.
        @Test func utf8LocaleDrawsUnicode() async throws {
            try await DashboardRun.with { run in
                let screen = try await run.terminal.waitFor("the table") { $0.tableNames.count == 3 }
                #expect(!screen.isASCII)
                #expect(screen.contains(all: ["● CLOSED", "┌"]))
            }
        }

        @Test(arguments: [["LANG": "C"], ["LANG": "C.UTF-8", "LC_ALL": "C"], ["LANG": "POSIX"]])
        func nonUTF8LocaleDrawsASCIIOnly(_ locale: [String: String]) async throws {
            try await DashboardRun.with(Launch(environment: locale)) { run in try await expectASCII(run) }
        }

        private func expectASCII(_ run: DashboardRun) async throws {
            let terminal = run.terminal
            try await terminal.waitFor("the table") { $0.tableNames.count == 3 }
            run.server?.setOutage("checkout", on: true)
            try await terminal.press("?")  // the help overlay has the most symbols
            let help = try await terminal.waitFor("the help overlay") { screen in
                screen.contains(all: ["- Help -", "reset the breaker"]) && screen.keyBar.contains("close")
            }
            #expect(help.isASCII, "non-ASCII bytes in:\(help)")
            try await terminal.press("Escape")
            let screen = try await terminal.waitFor("checkout open, in ASCII glyphs") { screen in
                screen.tableRow("checkout")?.contains("X OPEN") == true
                    && screen.tableRow("catalog")?.contains("o CLOSED") == true
                    && screen.contains(all: ["+-", "X checkout closed->open"])
                    && screen.keyBar.contains("q quit")
            }
            #expect(screen.isASCII, "non-ASCII bytes in:\(screen)")
        }

        @Test(arguments: ["dumb", ""])
        func unusableTermPointsToSnapshotAndWatch(_ term: String) async throws {
            try await DashboardRun.with(Launch(term: term)) { run in
                #expect(try await run.exitStatus() != 0)
                let screen = try await run.terminal.waitFor(text: "[ethotop exited", joined: true)
                #expect(screen.contains(term.isEmpty ? "TERM is empty" : "TERM is \"dumb\""))
                #expect(screen.contains("ethotop snapshot") && screen.contains("ethotop watch"), "\(screen)")
                #expect(!screen.contains("Endpoints"), "the dashboard never drew")
            }
        }

        @Test func stdoutNotATerminalPointsToSnapshotAndWatch() async throws {
            try await DashboardRun.with(Launch(stdoutToFile: true)) { run in
                #expect(try await run.exitStatus() != 0)
                let screen = try await run.terminal.waitFor(text: "[ethotop exited", joined: true)
                #expect(screen.contains("not a tty"))
                #expect(screen.contains("ethotop snapshot") && screen.contains("ethotop watch"), "\(screen)")
                #expect(
                    run.standardOutput == "",
                    "nothing, not even a terminal reset, went to the redirected stdout")
                #expect(try await run.terminal.format("#{alternate_on}") == "0")
            }
        }
    }
}
