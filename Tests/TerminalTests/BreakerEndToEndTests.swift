import Foundation
import Testing

extension EndToEnd {
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

                // Sorted by state, the open breaker comes first; the header counts it; the events
                // pane shows the trip.
                try await terminal.waitFor("checkout open and counting down, first, counted, logged") {
                    screen in
                    guard let row = screen.tableRow("checkout") else { return false }
                    return row.contains("✖ OPEN") && Self.countdown(row) != nil
                        && screen.tableNames.first == "checkout" && screen.header.contains("✖ 1 open")
                        && screen.contains("✖ checkout closed→open")
                }
                // The countdown ticks: some later frame shows fewer seconds than an earlier one
                // (a failed trial restarts it, so compare successive values, not the first one).
                var previous: Int?
                try await terminal.waitFor("the countdown to tick down") { screen in
                    guard let seconds = screen.tableRow("checkout").flatMap(Self.countdown) else {
                        return false
                    }
                    defer { previous = seconds }
                    return previous.map { seconds < $0 } ?? false
                }

                run.server?.setOutage("checkout", on: false)
                let recovered = try await terminal.waitFor("checkout closed again") { screen in
                    screen.contains(all: ["checkout open→half-open", "checkout half-open→closed"])
                        && screen.tableRow("checkout")?.contains("● CLOSED") == true
                        && screen.header.contains("✖ 0 open")
                }
                let halfOpen = try #require(recovered.row(of: "checkout open→half-open"))
                let closed = try #require(recovered.row(of: "checkout half-open→closed"))
                #expect(halfOpen < closed, "closed only after half-open, in the events pane")
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

                try await terminal.press("g")  // first row: the open breaker sorts first
                try await terminal.waitFor(text: "Detail checkout")
                try await terminal.press("r")
                // The row, the header, the operator's action and the transition it caused.
                try await terminal.waitFor("checkout closed by the reset, and logged") { screen in
                    screen.tableRow("checkout")?.contains("● CLOSED") == true
                        && screen.header.contains("✖ 0 open")
                        && screen.contains(all: ["» checkout reset by local user", "● checkout open→closed"])
                }
            }
        }

        @Test func forceOpenThenDisableAreShownAndLogged() async throws {
            try await DashboardRun.with { run in
                let terminal = run.terminal
                try await terminal.waitFor(text: "checkout")
                try await terminal.press("/")
                try await terminal.type("checkout")
                try await terminal.press("Enter")
                try await terminal.waitFor("the filter kept, checkout selected") { screen in
                    screen.contains("filter:checkout") && screen.tableNames == ["checkout"]
                        && screen.contains("Detail checkout")
                }

                try await terminal.press("o")
                try await terminal.waitFor("checkout forced open, counted, logged") { screen in
                    screen.tableRow("checkout")?.contains("⊘ FORCED") == true && screen.header.contains("⊘ 1")
                        && screen.contains(all: [
                            "⊘ checkout closed→forced", "» checkout forced open by local user",
                        ])
                }

                try await terminal.press("d")
                try await terminal.waitFor("checkout disabled (no longer forced), counted, logged") {
                    screen in
                    screen.tableRow("checkout")?.contains("◌ DISABLED") == true
                        && screen.header.contains("◌ 1") && !screen.header.contains("⊘")
                        && screen.contains(all: [
                            "◌ checkout forced→disabled", "» checkout disabled by local user",
                        ])
                }

                try await terminal.press("d")  // d on a disabled breaker releases it
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
}
