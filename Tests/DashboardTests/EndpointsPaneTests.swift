import Monitor
import Resilience
import Testing

@testable import Dashboard

@Suite struct EndpointsPaneTests {
    @Test func rowsShowStateGlyphWordAndColour() {
        var state = DashboardState()
        let (grid, _) = Fixtures.frame(state: &state, width: 120, height: 40)
        #expect(grid.contains("✖ OPEN"))
        #expect(grid.contains("◐ HALF-OPEN"))
        #expect(grid.contains("⊘ FORCED"))
        #expect(grid.contains("◌ DISABLED"))
        #expect(grid.contains("● CLOSED"))
        #expect(grid.role(of: "◐ HALF-OPEN") == .stateHalfOpen)
        #expect(grid.role(of: "⊘ FORCED") == .stateForcedOpen)
    }

    @Test func openBreakersCountDownToTheirTrial() {
        var state = DashboardState()
        let (grid, _) = Fixtures.frame(state: &state, width: 120, height: 40)
        guard let row = grid.row(containing: "✖ OPEN") else {
            Issue.record("no open row")
            return
        }
        #expect(grid.text(row: row).contains("trial in 18s"))
    }

    @Test func lastShowsTheRejectedStatusCodeOrTheErrorKind() {
        var snapshot = Fixtures.snapshot(count: 6)  // svc-0 and svc-5 are closed
        let now = Fixtures.now
        snapshot.endpoints[0].last = LastResult(
            status: 503, error: ErrorRecord(kind: .status, message: "status 503 not in 200-299", at: now),
            at: now)
        snapshot.endpoints[5].last = LastResult(
            status: nil, error: ErrorRecord(kind: .connectRefused, message: "refused", at: now), at: now)
        var state = DashboardState()
        state.sortColumn = .config
        state.sortDescending = false
        let (grid, _) = Fixtures.frame(snapshot, state: &state, width: 120, height: 40)
        let rows = (0..<grid.height).map { grid.text(row: $0) }
        #expect(rows.first { $0.contains("svc-0 ") }?.contains(" 503 ") == true)
        #expect(rows.first { $0.contains("svc-0 ") }?.contains("status") == false)
        #expect(rows.first { $0.contains("svc-5 ") }?.contains("connect_refu") == true)
    }

    @Test func everyColumnFitsAt120AndTheNarrowestKeepsTheEssentials() {
        var wide = DashboardState()
        let (grid, _) = Fixtures.frame(state: &wide, width: 120, height: 40)
        for heading in [
            "STATE", "NAME", "GROUP", "SUCC", "REQ/S", "RETRY", "RLQ", "P50", "P90", "P99", "LATENCY", "LAST",
        ] {
            #expect(grid.contains(heading), "missing \(heading)")
        }
        var narrow = DashboardState()
        let (small, _) = Fixtures.frame(state: &narrow, width: 40, height: 10)
        for heading in ["NAME", "SUCC", "LAST"] { #expect(small.contains(heading)) }
    }

    @Test func longNamesAreTruncatedWithAnEllipsis() {
        var snapshot = Fixtures.snapshot(count: 3)
        snapshot.endpoints[0].name = String(repeating: "very-long-service-name-", count: 6) + "END"
        var state = DashboardState()
        state.sortColumn = .config
        state.sortDescending = false
        let (grid, _) = Fixtures.frame(snapshot, state: &state, width: 80, height: 24)
        let tableRow = (0..<grid.height).first {
            grid.text(row: $0).contains("very-long-") && grid.text(row: $0).contains("CLOSED")
        }
        guard let row = tableRow else {
            Issue.record("long name not drawn")
            return
        }
        #expect(grid.text(row: row).contains("…"))
        #expect(!grid.text(row: row).contains("END"))
        // The rest of the row is still in its columns.
        #expect(grid.text(row: row).contains("98.0%"))
    }

    @Test func tenThousandEndpointsRenderOnlyTheVisibleRows() {
        let snapshot = Fixtures.large(10_000)
        var state = DashboardState()
        let (grid, stats) = Fixtures.frame(snapshot, events: [], state: &state, width: 200, height: 60)
        let visible = state.layout.endpointRows
        #expect(visible > 0 && visible < 60)
        #expect(stats.endpointRowsRendered == visible)
        #expect(grid.contains("10000"))
        // Jump to the end: still only a screenful, and the last row is on screen.
        _ = state.handle(.character("G"))
        let (end, endStats) = Fixtures.frame(snapshot, events: [], state: &state, width: 200, height: 60)
        #expect(endStats.endpointRowsRendered == visible)
        #expect(state.selectedRow == 9_999)
        let lastName = snapshot.endpoints[state.order[9_999]].name
        #expect(end.contains(lastName + " "))
    }

    @Test func emptyAndUnmatchedTablesSaySo() {
        var snapshot = Fixtures.snapshot(count: 0)
        snapshot.rateLimits = []
        var state = DashboardState()
        let (grid, _) = Fixtures.frame(snapshot, events: [], state: &state, width: 80, height: 24)
        #expect(grid.contains("no endpoints configured"))
        #expect(grid.contains("no endpoint selected"))
        #expect(grid.contains("no rate limiters configured"))
        #expect(grid.contains("no events yet"))
        var filtered = DashboardState()
        filtered.filterText = "nothing-matches-this"
        let (unmatched, _) = Fixtures.frame(state: &filtered, width: 80, height: 24)
        #expect(unmatched.contains("no endpoint matches"))
    }

    @Test func selectedRowIsHighlightedInTheFocusedPane() {
        var state = DashboardState()
        let (grid, _) = Fixtures.frame(state: &state, width: 120, height: 40)
        guard let name = state.selectedEndpoint?.name else {
            Issue.record("nothing selected")
            return
        }
        #expect(grid.role(of: name + " ") == .selection)
        state.focus = .events
        let (other, _) = Fixtures.frame(state: &state, width: 120, height: 40)
        #expect(other.role(of: name + " ") == .selectionInactive)
    }

    @Test func sortedHeadingCarriesTheDirection() {
        var state = DashboardState()
        state.sortColumn = .p99
        state.sortDescending = true
        let (grid, _) = Fixtures.frame(state: &state, width: 120, height: 40)
        #expect(grid.contains("P99▼"))
        #expect(grid.role(of: "P99▼") == .tableHeaderSorted)
        #expect(state.selectedEndpoint?.name == "svc-7")
    }
}
