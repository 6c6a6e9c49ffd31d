import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

extension EndToEnd {
    /// However the dashboard ends, the terminal is given back as it was: the normal screen (not the
    /// alternate one), a visible cursor, and echo and line editing on.
    @Suite(.timeLimit(.minutes(1)))
    struct TerminalRestoreTests {
        enum Ending: String, CaseIterable, Sendable {
            case q, controlC, sigterm, sighup, sigint

            /// The exit status the shell sees: 0 for a quit key, 128 + n for death by signal n.
            var expectedStatus: Int32 {
                switch self {
                case .q: 0
                case .controlC, .sigint: 128 + SIGINT
                case .sigterm: 128 + SIGTERM
                case .sighup: 128 + SIGHUP
                }
            }
        }

        @Test(arguments: Ending.allCases)
        func terminalIsRestored(_ ending: Ending) async throws {
            try await DashboardRun.with { run in
                let terminal = run.terminal
                try await terminal.waitFor(text: "checkout")
                // While it runs: alternate screen, hidden cursor, no echo, no line editing.
                #expect(try await terminal.format("#{alternate_on}") == "1")
                #expect(try await terminal.format("#{cursor_flag}") == "0")
                let during = try await modes(ofTTY: terminal.format("#{pane_tty}"))
                #expect(during.contains("-echo") && during.contains("-icanon"))

                let pid = try await run.pid()
                switch ending {
                case .q: try await terminal.press("q")
                case .controlC: try await terminal.press("C-c")
                case .sigterm: kill(pid, SIGTERM)
                case .sighup: kill(pid, SIGHUP)
                case .sigint: kill(pid, SIGINT)
                }
                #expect(try await run.exitStatus() == ending.expectedStatus)
                let after = try await run.terminalModes()
                #expect(after.contains("echo") && after.contains("icanon") && after.contains("isig"))
                #expect(!after.contains("-echo") && !after.contains("-icanon"))
                let screen = try await terminal.waitFor(text: "[ethotop exited")
                #expect(try await terminal.format("#{alternate_on}") == "0")
                #expect(try await terminal.format("#{cursor_flag}") == "1")
                // The dashboard drew on the alternate screen, so none of it is left behind.
                #expect(!screen.contains("Endpoints"))
            }
        }

        /// Ctrl-Z gives the terminal back to the shell; `fg` brings the dashboard back, repainted.
        @Test func suspendGivesTheTerminalBackAndForegroundRepaints() async throws {
            try await DashboardRun.with(Launch(interactiveShell: true)) { run in
                let terminal = run.terminal
                try await run.startFromPrompt()
                try await terminal.waitFor("the dashboard") { $0.tableNames.count == 3 }
                let pid = try await run.pid()
                let tty = try await terminal.format("#{pane_tty}")

                try await terminal.press("C-z")
                let stopped = try await terminal.waitFor("the shell's prompt") { screen in
                    guard screen.contains("Stopped") else { return false }
                    return try await terminal.format("#{alternate_on}") == "0"
                }
                #expect(DashboardRun.processState(pid) == "T", "ethotop is stopped")
                #expect(!stopped.contains("[4] Events"), "the normal screen, not the dashboard")
                #expect(try await terminal.format("#{cursor_flag}") == "1")
                #expect(try await modes(ofTTY: tty).contains("echo"))

                try await terminal.type("fg")
                try await terminal.press("Enter")
                try await terminal.waitFor("the dashboard repainted") { screen in
                    guard screen.lines.count == 30, screen.header.contains("ethotop"),
                        screen.tableNames.count == 3,
                        screen.contains("[4] Events")
                    else { return false }
                    return try await terminal.format("#{alternate_on}") == "1"
                }
                #expect(try await modes(ofTTY: tty).contains("-echo"))
                try await terminal.press("q")
                try await terminal.waitFor("the prompt again") { screen in
                    guard screen.lines.last(where: { !$0.isEmpty }) == "$" else { return false }
                    return try await terminal.format("#{alternate_on}") == "0"
                }
                #expect(!DashboardRun.isRunning(pid))
            }
        }

        /// `stty -a` of another terminal, read from outside.
        private func modes(ofTTY tty: String) async throws -> Set<String> {
            let result = try await Command.run(
                ["stty", "-a", "-F", tty], environment: ["PATH": "/usr/bin:/bin"])
            return Set(
                result.output.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == ";" }).map(String.init)
            )
        }
    }
}
