import Foundation
import Testing

/// Filtering, sorting, the help overlay and resizing, through the real terminal.
@Suite(.timeLimit(.minutes(1)))
struct NavigationEndToEndTests {
    @Test func filterByTextAndByState() async throws {
        try await DashboardRun.with { run in
            let terminal = run.terminal
            try await terminal.waitFor("all three endpoints") { $0.tableNames.count == 3 }

            try terminal.press("/")
            try terminal.type("sea")
            try await terminal.waitFor("the filter being edited") { $0.contains("/sea_") }
            try terminal.press("Enter")
            let text = try await terminal.waitFor("the filter kept") { $0.contains("filter:sea") }
            #expect(text.tableNames == ["search"])
            #expect(text.contains("1/3 sort:state▼ filter:sea"))

            try terminal.press("Escape")
            try await terminal.waitFor("the filter cleared") {
                $0.tableNames.count == 3 && !$0.contains("filter:")
            }

            run.server?.setOutage("checkout", on: true)
            try await terminal.waitFor("checkout open") { $0.tableRow("checkout")?.contains("OPEN") == true }
            try terminal.press("/")
            try terminal.type("state:open")
            try terminal.press("Enter")
            let open = try await terminal.waitFor("the state filter kept") {
                $0.contains("filter:state:open")
            }
            #expect(open.tableNames == ["checkout"])
            #expect(open.contains("Detail checkout"), "the selection follows the filter")
        }
    }

    @Test func sortCyclesColumnsAndReverses() async throws {
        try await DashboardRun.with { run in
            let terminal = run.terminal
            try await terminal.waitFor("all three endpoints") { $0.tableNames.count == 3 }

            try terminal.press("s")
            let byName = try await terminal.waitFor("sorted by name") { $0.contains("sort:name▲") }
            #expect(byName.tableNames == ["catalog", "checkout", "search"])
            #expect(byName.contains("NAME▲"), "the sorted column's heading is marked")

            try terminal.press("S")
            let reversed = try await terminal.waitFor("reversed") { $0.contains("sort:name▼") }
            #expect(reversed.tableNames == ["search", "checkout", "catalog"])

            try terminal.press("s")
            let byGroup = try await terminal.waitFor("sorted by group") { $0.contains("sort:group▲") }
            #expect(byGroup.tableNames.first == "search", "group edge sorts before shop")
        }
    }

    @Test func helpOverlayListsTheKeysAndCloses() async throws {
        try await DashboardRun.with { run in
            let terminal = run.terminal
            try await terminal.waitFor(text: "checkout")

            try terminal.press("?")
            let help = try await terminal.waitFor(text: "Help")
            for line in [
                "reset the breaker to closed", "force open (isolate)", "disable (metrics only)", "filter:",
            ] {
                #expect(help.contains(line), "help lists \(line)")
            }
            #expect(help.lines.last?.contains("close") == true, "the key bar says how to close it")

            try terminal.press("q")  // closes the overlay; does not quit
            try await terminal.waitFor("the overlay closed") {
                !$0.contains("─ Help ─") && $0.contains("[2] Detail")
            }
            try terminal.press("?")
            try await terminal.waitFor(text: "─ Help ─")
            try terminal.press("Escape")
            try await terminal.waitFor("the overlay closed by Esc") { !$0.contains("─ Help ─") }
            #expect(run.hasExited == false)
        }
    }

    @Test func resizeToCompactTooSmallAndBack() async throws {
        try await DashboardRun.with { run in
            let terminal = run.terminal
            try await terminal.waitFor("the normal layout") {
                $0.contains("[2] Detail") && $0.contains("[4] Events")
            }

            try terminal.resize(width: 60, height: 15)
            let compact = try await terminal.waitFor("the compact layout") { screen in
                screen.contains("[1] Endpoints") && !screen.contains("[2] Detail")
            }
            #expect(compact.lines.count == 15)
            #expect(compact.lines.allSatisfy { $0.count <= 60 })
            #expect(compact.tableNames.count == 3)
            #expect(compact.lines.last?.contains("q quit") == true)

            try terminal.press("Tab")  // compact shows one pane at a time: the focused one
            try await terminal.waitFor("the detail pane alone") {
                $0.contains("[2] Detail") && !$0.contains("[1] Endpoints")
            }

            try terminal.resize(width: 30, height: 8)
            try await terminal.waitFor(text: "too small")

            try terminal.resize(width: 100, height: 30)
            let back = try await terminal.waitFor("the normal layout again") { screen in
                screen.contains("[1] Endpoints") && screen.contains("[2] Detail")
                    && screen.contains("[4] Events")
            }
            #expect(back.lines.count == 30)
            #expect(back.tableNames.count == 3)
            #expect(!back.contains("too small"))
        }
    }
}
