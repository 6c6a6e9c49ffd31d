import Foundation
import Testing

/// Breakers seen and driven through the real dashboard: the ChaosServer's `checkout` outage is
/// switched by the test, so a trip and a recovery take seconds, not the demo's 45 s cycle.
@Suite(.timeLimit(.minutes(1)))
struct BreakerEndToEndTests {
    @Test func outageShowsOpenWithCountdownAndRecoversThroughHalfOpen() async throws {
        try await DashboardRun.with(policy: TestPolicy(recoveryTimeout: "3s")) { run in
            let terminal = run.terminal
            try await terminal.waitFor("checkout closed") {
                $0.tableRow("checkout")?.contains("CLOSED") == true
            }
            run.server?.setOutage("checkout", on: true)

            let open = try await terminal.waitFor("checkout open with a countdown") { screen in
                guard let row = screen.tableRow("checkout") else { return false }
                return row.contains("✖ OPEN") && Self.countdown(row) != nil
            }
            #expect(open.tableNames.first == "checkout", "sorted by state, the open breaker comes first")
            #expect(open.lines.first?.contains("✖ 1 open") == true, "the header counts it")
            #expect(open.contains("checkout closed→open"), "the events pane shows the trip")
            // The countdown ticks: some later frame shows fewer seconds than an earlier one
            // (a failed trial restarts it, so compare successive values, not the first one).
            var previous: Int?
            try await terminal.waitFor("the countdown to tick down") { screen in
                guard let seconds = screen.tableRow("checkout").flatMap(Self.countdown) else { return false }
                defer { previous = seconds }
                return previous.map { seconds < $0 } ?? false
            }

            run.server?.setOutage("checkout", on: false)
            let recovered = try await terminal.waitFor("checkout closed again") { screen in
                screen.contains("checkout half-open→closed")
                    && screen.tableRow("checkout")?.contains("● CLOSED") == true
            }
            let halfOpen = try #require(recovered.row(of: "checkout open→half-open"))
            let closed = try #require(recovered.row(of: "checkout half-open→closed"))
            #expect(halfOpen < closed, "closed only after half-open, in the events pane")
            #expect(recovered.lines.first?.contains("✖ 0 open") == true)
        }
    }

    @Test func resetClosesAnOpenBreakerAndLogsIt() async throws {
        // A long recovery: only the operator's reset can close it within the test.
        try await DashboardRun.with(policy: TestPolicy(recoveryTimeout: "10m")) { run in
            let terminal = run.terminal
            try await terminal.waitFor(text: "checkout")
            run.server?.setOutage("checkout", on: true)
            try await terminal.waitFor("checkout open") {
                $0.tableRow("checkout")?.contains("✖ OPEN") == true
            }
            run.server?.setOutage("checkout", on: false)

            try terminal.press("g")  // first row: the open breaker sorts first
            try await terminal.waitFor(text: "Detail checkout")
            try terminal.press("r")
            let reset = try await terminal.waitFor("checkout closed by the reset") { screen in
                screen.tableRow("checkout")?.contains("● CLOSED") == true && screen.contains("» checkout")
            }
            #expect(reset.line(containing: "» checkout")?.contains("reset") == true)
            #expect(reset.lines.first?.contains("✖ 0 open") == true)
        }
    }

    @Test func forceOpenThenDisableAreShownAndLogged() async throws {
        try await DashboardRun.with { run in
            let terminal = run.terminal
            try await terminal.waitFor(text: "checkout")
            try terminal.press("/")
            try terminal.type("checkout")
            try terminal.press("Enter")
            let filtered = try await terminal.waitFor("the filter to apply") { $0.tableNames == ["checkout"] }
            #expect(filtered.contains("Detail checkout"))

            try terminal.press("o")
            let forced = try await terminal.waitFor("checkout forced open") { screen in
                screen.tableRow("checkout")?.contains("⊘ FORCED") == true
                    && screen.contains("⊘ checkout closed→forced")
                    && screen.contains("» checkout operator: force_open")
            }
            #expect(forced.lines.first?.contains("⊘ 1") == true, "the header counts forced breakers")

            try terminal.press("d")
            let disabled = try await terminal.waitFor("checkout disabled") { screen in
                screen.tableRow("checkout")?.contains("◌ DISABLED") == true
                    && screen.contains("◌ checkout forced→disabled")
                    && screen.contains("» checkout operator: disable")
            }
            #expect(disabled.lines.first?.contains("◌ 1") == true)
            #expect(!disabled.lines[0].contains("⊘"))

            try terminal.press("d")  // d on a disabled breaker releases it
            try await terminal.waitFor("checkout released") { screen in
                screen.tableRow("checkout")?.contains("● CLOSED") == true
                    && screen.contains("● checkout disabled→closed")
            }
        }
    }

    /// The seconds in `trial in Ns` on a table row.
    static func countdown(_ row: String) -> Int? {
        guard let range = row.range(of: "trial in ") else { return nil }
        let digits = row[range.upperBound...].prefix { $0.isNumber }
        guard row[range.upperBound...].dropFirst(digits.count).first == "s" else { return nil }
        return Int(digits)
    }
}
