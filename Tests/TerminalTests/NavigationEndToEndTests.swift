import Foundation
import Testing

extension EndToEnd {
    /// Filtering, sorting, the help overlay and resizing, through the real terminal.
    ///
    /// Each wait names everything the test checks on that screen: a frame can be caught half
    /// written (a loaded machine preempts the dashboard between two writes), so a check made
    /// after the wait on parts the condition did not cover could see the previous frame.
    @Suite(.timeLimit(.minutes(1)))
    struct NavigationEndToEndTests {
        @Test func filterByTextAndByState() async throws {
            try await DashboardRun.with { run in
                let terminal = run.terminal
                try await terminal.waitFor("all three endpoints") { $0.tableNames.count == 3 }

                try await terminal.press("/")
                try await terminal.type("sea")
                try await terminal.waitFor("the filter being edited") { $0.contains("/sea_") }
                try await terminal.press("Enter")
                try await terminal.waitFor("the filter kept, only search shown") { screen in
                    screen.contains("1/3 sort:state▼ filter:sea") && screen.tableNames == ["search"]
                }

                try await terminal.press("Escape")
                try await terminal.waitFor("the filter cleared") {
                    $0.tableNames.count == 3 && !$0.contains("filter:")
                }

                run.server?.setOutage("checkout", on: true)
                try await terminal.waitFor("checkout open") {
                    $0.tableRow("checkout")?.contains("OPEN") == true
                }
                try await terminal.press("/")
                try await terminal.type("state:open")
                try await terminal.press("Enter")
                try await terminal.waitFor("only the open breaker, selected") { screen in
                    screen.contains(all: ["1/3", "filter:state:open", "Detail checkout"])
                        && screen.tableNames == ["checkout"]
                }
            }
        }

        @Test func sortCyclesColumnsAndReverses() async throws {
            try await DashboardRun.with { run in
                let terminal = run.terminal
                try await terminal.waitFor("all three endpoints") { $0.tableNames.count == 3 }

                try await terminal.press("s")
                try await terminal.waitFor("sorted by name, the heading marked") { screen in
                    screen.contains(all: ["sort:name▲", "NAME▲"])
                        && screen.tableNames == ["catalog", "checkout", "search"]
                }

                try await terminal.press("S")
                try await terminal.waitFor("sorted by name, reversed") { screen in
                    screen.contains("sort:name▼") && screen.tableNames == ["search", "checkout", "catalog"]
                }

                try await terminal.press("s")
                try await terminal.waitFor("sorted by group: edge before shop") { screen in
                    screen.contains("sort:group▲") && screen.tableNames.first == "search"
                }
            }
        }

        @Test func helpOverlayListsTheKeysAndCloses() async throws {
            try await DashboardRun.with { run in
                let terminal = run.terminal
                try await terminal.waitFor(text: "checkout")

                try await terminal.press("?")
                try await terminal.waitFor("the help overlay, and the key bar saying how to close it") {
                    screen in
                    screen.contains(all: [
                        "─ Help ─", "reset the breaker to closed", "force open (isolate)",
                        "disable (metrics only)",
                        "filter: name, group",
                    ]) && screen.keyBar.contains("close")
                }

                try await terminal.press("q")  // closes the overlay; does not quit
                try await terminal.waitFor("the overlay closed by q") {
                    !$0.contains("─ Help ─") && $0.contains("[2] Detail") && $0.keyBar.contains("q quit")
                }
                try await terminal.press("?")
                try await terminal.waitFor(text: "─ Help ─")
                try await terminal.press("Escape")
                try await terminal.waitFor("the overlay closed by Esc") {
                    !$0.contains("─ Help ─") && $0.keyBar.contains("q quit")
                }
                #expect(run.hasExited == false)
            }
        }

        @Test func resizeToCompactTooSmallAndBack() async throws {
            try await DashboardRun.with { run in
                let terminal = run.terminal
                try await terminal.waitFor("the normal layout") {
                    $0.contains(all: ["[1] Endpoints", "[2] Detail", "[4] Events"])
                }

                try await terminal.resize(width: 60, height: 15)
                try await terminal.waitFor("the compact layout: the table alone, in 60×15") { screen in
                    screen.lines.count == 15 && screen.lines.allSatisfy { $0.count <= 60 }
                        && screen.contains("[1] Endpoints") && !screen.contains("[2] Detail")
                        && screen.tableNames.count == 3 && screen.keyBar.contains("q quit")
                }

                try await terminal.press("Tab")  // compact shows one pane at a time: the focused one
                try await terminal.waitFor("the detail pane alone") {
                    $0.contains("[2] Detail") && !$0.contains("[1] Endpoints")
                }

                try await terminal.resize(width: 30, height: 8)
                try await terminal.waitFor(text: "too small")

                try await terminal.resize(width: 100, height: 30)
                try await terminal.waitFor("the normal layout again, in 100×30") { screen in
                    screen.lines.count == 30
                        && screen.contains(all: ["[1] Endpoints", "[2] Detail", "[4] Events"])
                        && screen.tableNames.count == 3 && !screen.contains("too small")
                }
            }
        }
    }
}
