import Monitor
import Resilience
import Testing

@testable import Dashboard

@Suite struct DashboardStateTests {
    /// A state synced with the fixture snapshot at 120×40, sorted in config order.
    static func synced(_ snapshot: Snapshot = Fixtures.snapshot()) -> DashboardState {
        var state = DashboardState()
        state.sortColumn = .config
        state.sortDescending = false
        _ = Fixtures.frame(snapshot, state: &state, width: 120, height: 40)
        return state
    }

    static func select(_ name: String, in state: inout DashboardState) {
        while state.selectedEndpoint?.name != name && state.selectedRow < state.order.count - 1 {
            _ = state.handle(.down)
        }
    }

    @Test func movementKeysMoveTheSelectionWithinBounds() {
        var state = Self.synced()
        #expect(state.selectedRow == 0)
        _ = state.handle(.down)
        _ = state.handle(.character("j"))
        #expect(state.selectedRow == 2)
        _ = state.handle(.character("k"))
        #expect(state.selectedRow == 1)
        _ = state.handle(.up)
        _ = state.handle(.up)
        #expect(state.selectedRow == 0)
        _ = state.handle(.character("G"))
        #expect(state.selectedRow == 7)
        _ = state.handle(.down)
        #expect(state.selectedRow == 7)
        _ = state.handle(.character("g"))
        #expect(state.selectedRow == 0)
        _ = state.handle(.end)
        _ = state.handle(.home)
        #expect(state.selectedName == "svc-0")
    }

    @Test func pageKeysMoveByAScreenful() {
        var state = DashboardState()
        _ = Fixtures.frame(Fixtures.large(1_000), events: [], state: &state, width: 80, height: 24)
        let page = state.layout.endpointRows
        _ = state.handle(.pageDown)
        #expect(state.selectedRow == page - 1)
        #expect(state.endpointScroll == 0)
        _ = state.handle(.pageDown)
        #expect(state.selectedRow == 2 * (page - 1))
        #expect(state.endpointScroll > 0)
        _ = state.handle(.pageUp)
        #expect(state.selectedRow == page - 1)
    }

    @Test func selectionFollowsTheEndpointWhenTheSortChanges() {
        var state = Self.synced()
        Self.select("svc-3", in: &state)
        #expect(state.selectedName == "svc-3")
        _ = state.handle(.character("s"))  // config → state
        _ = Fixtures.frame(state: &state, width: 120, height: 40)
        #expect(state.sortColumn == .state)
        #expect(state.selectedEndpoint?.name == "svc-3")
        #expect(state.selectedRow == 1)  // forced open sorts second, after the open one
    }

    @Test func selectionFollowsTheEndpointAcrossSnapshotsThatMoveItsRow() {
        var state = Self.synced()
        Self.select("svc-3", in: &state)
        #expect(state.selectedRow == 3)
        // The next snapshot reorders the table (svc-3 is now the worst), same config order.
        var worse = Fixtures.snapshot()
        worse.generatedAt = worse.generatedAt.addingTimeInterval(1)
        state.sortColumn = .p99
        state.sortDescending = true
        worse.endpoints[3].latency.p99 = 10_000
        _ = Fixtures.frame(worse, state: &state, width: 120, height: 40)
        #expect(state.selectedEndpoint?.name == "svc-3")
        #expect(state.selectedRow == 0)
        // A reload that moves svc-3 elsewhere in config order: found by name.
        var reloaded = worse
        reloaded.generatedAt = worse.generatedAt.addingTimeInterval(1)
        reloaded.endpoints.swapAt(3, 6)
        reloaded.endpoints[6].latency.p99 = 1
        _ = Fixtures.frame(reloaded, state: &state, width: 120, height: 40)
        #expect(state.selectedEndpoint?.name == "svc-3")
        #expect(state.selectedRow == state.order.count - 1)
        // Gone from the rows: the selection stays in bounds.
        var removed = reloaded
        removed.endpoints.remove(at: 6)
        _ = Fixtures.frame(removed, state: &state, width: 120, height: 40)
        #expect(state.selectedRow < state.order.count)
    }

    @Test func rowNamedPrefersThePreviousIndexAndFallsBackToTheName() {
        let endpoints = Fixtures.snapshot().endpoints
        let order = Array(endpoints.indices.reversed())
        #expect(DashboardState.row(named: "svc-2", endpoints: endpoints, order: order, previousIndex: 2) == 5)
        #expect(DashboardState.row(named: "svc-2", endpoints: endpoints, order: order, previousIndex: 4) == 5)
        #expect(
            DashboardState.row(named: "svc-2", endpoints: endpoints, order: order, previousIndex: 99) == 5)
        #expect(
            DashboardState.row(named: "svc-2", endpoints: endpoints, order: [0, 1], previousIndex: 2) == nil)
        #expect(
            DashboardState.row(named: "nope", endpoints: endpoints, order: order, previousIndex: nil) == nil)
    }

    @Test func sortKeyCyclesEveryColumnAndShiftReverses() {
        var state = DashboardState()
        var seen: [SortColumn] = [state.sortColumn]
        for _ in 1..<SortColumn.allCases.count {
            _ = state.handle(.character("s"))
            seen.append(state.sortColumn)
        }
        #expect(Set(seen).count == SortColumn.allCases.count)
        _ = state.handle(.character("s"))
        #expect(state.sortColumn == .state)
        #expect(state.sortDescending)
        _ = state.handle(.character("S"))
        #expect(!state.sortDescending)
    }

    @Test func filterEditingTypesTextAndEscClears() {
        var state = Self.synced()
        #expect(state.handle(.character("/")).isEmpty)
        #expect(state.isEditingFilter)
        for character in "state:open" { _ = state.handle(.character(character)) }
        // While editing, q is text, not quit.
        #expect(state.handle(.character("q")) == [])
        _ = state.handle(.backspace)
        #expect(state.filterText == "state:open")
        _ = Fixtures.frame(state: &state, width: 120, height: 40)
        #expect(state.order.count == 1)
        #expect(state.selectedEndpoint?.breaker.state == .open)
        _ = state.handle(.enter)
        #expect(!state.isEditingFilter)
        #expect(state.filterText == "state:open")
        // Now q quits again, and Esc clears the filter.
        #expect(state.handle(.character("q")) == [.quit])
        _ = state.handle(.escape)
        #expect(state.filterText.isEmpty)
        _ = state.handle(.character("/"))
        _ = state.handle(.character("x"))
        _ = state.handle(.escape)
        #expect(!state.isEditingFilter)
        #expect(state.filterText.isEmpty)
    }

    @Test func breakerKeysSendCommandsForTheSelectedEndpoint() {
        var state = Self.synced()
        Self.select("svc-1", in: &state)  // open
        #expect(state.handle(.character("r")) == [.send(ControlCommand(.reset, .endpoint("svc-1")))])
        #expect(state.handle(.character("n")) == [.send(ControlCommand(.tryNow, .endpoint("svc-1")))])
        #expect(state.handle(.character("o")) == [.send(ControlCommand(.forceOpen, .endpoint("svc-1")))])
        #expect(state.handle(.character("d")) == [.send(ControlCommand(.disable, .endpoint("svc-1")))])
        #expect(state.handle(.character(" ")) == [.send(ControlCommand(.pause, .endpoint("svc-1")))])
    }

    @Test func toggleKeysReleaseHeldBreakersAndResumePaused() {
        var snapshot = Fixtures.snapshot()
        snapshot.endpoints[3].paused = true
        var state = Self.synced(snapshot)
        Self.select("svc-3", in: &state)  // forced open, paused
        #expect(state.handle(.character("o")) == [.send(ControlCommand(.release, .endpoint("svc-3")))])
        #expect(state.handle(.character("d")) == [.send(ControlCommand(.disable, .endpoint("svc-3")))])
        #expect(state.handle(.character(" ")) == [.send(ControlCommand(.resume, .endpoint("svc-3")))])
        Self.select("svc-4", in: &state)  // disabled
        #expect(state.handle(.character("d")) == [.send(ControlCommand(.release, .endpoint("svc-4")))])
        #expect(state.handle(.character("o")) == [.send(ControlCommand(.forceOpen, .endpoint("svc-4")))])
    }

    @Test func breakerKeysNeedAnEndpointPane() {
        var state = Self.synced()
        state.focus = .events
        let actions = state.handle(.character("r"))
        #expect(actions.count == 1)
        if case .send = actions.first { Issue.record("sent a command from the events pane") }
        state.focus = .detail
        #expect(state.handle(.character("r")) == [.send(ControlCommand(.reset, .endpoint("svc-0")))])
        var empty = DashboardState()
        _ = Fixtures.frame(Fixtures.snapshot(count: 0), state: &empty, width: 80, height: 24)
        #expect(empty.handle(.character("r")) == [.notice("no endpoint selected")])
    }

    @Test func resetAllAsksAndDefaultsToNo() {
        var state = Self.synced()
        #expect(state.handle(.character("R")).isEmpty)
        #expect(state.pendingConfirmation == .resetAll)
        // Enter is not yes: the default is No.
        let cancelled = state.handle(.enter)
        #expect(state.pendingConfirmation == nil)
        #expect(!cancelled.contains { if case .send = $0 { true } else { false } })
        _ = state.handle(.character("R"))
        #expect(state.handle(.character("n")).count == 1)
        #expect(state.pendingConfirmation == nil)
        _ = state.handle(.character("R"))
        #expect(state.handle(.character("q")) != [.quit])  // q answers the prompt, it does not quit
        _ = state.handle(.character("R"))
        #expect(state.handle(.character("y")) == [.send(ControlCommand(.reset, .all))])
    }

    @Test func pauseAllAsksAndResumesWhenEverythingIsPaused() {
        var state = Self.synced()
        _ = state.handle(.character("P"))
        #expect(state.pendingConfirmation == .pauseAll)
        #expect(state.handle(.character("Y")) == [.send(ControlCommand(.pause, .all))])
        var snapshot = Fixtures.snapshot()
        snapshot.pausedAll = true
        var paused = Self.synced(snapshot)
        _ = paused.handle(.character("P"))
        #expect(paused.pendingConfirmation == .resumeAll)
        #expect(paused.handle(.escape) != [.send(ControlCommand(.resume, .all))])
        _ = paused.handle(.character("P"))
        #expect(paused.handle(.character("y")) == [.send(ControlCommand(.resume, .all))])
    }

    @Test func viewKeysProduceTheirActions() {
        var state = DashboardState(refreshInterval: .seconds(1), themeIndex: 0, themeCount: 3)
        #expect(state.handle(.character("t")) == [.themeChanged(1)])
        #expect(state.handle(.character("t")) == [.themeChanged(2)])
        #expect(state.handle(.character("t")) == [.themeChanged(0)])
        #expect(state.handle(.character("f")) == [.freezeChanged(true)])
        #expect(state.isFrozen)
        #expect(state.handle(.character("f")) == [.freezeChanged(false)])
        #expect(state.handle(.character("+")) == [.refreshChanged(.milliseconds(500))])
        #expect(state.handle(.character("-")) == [.refreshChanged(.seconds(1))])
        #expect(state.handle(.character("-")) == [.refreshChanged(.seconds(2))])
        for _ in 0..<10 { _ = state.handle(.character("-")) }
        #expect(state.refreshInterval == .seconds(5))
        for _ in 0..<10 { _ = state.handle(.character("+")) }
        #expect(state.refreshInterval == .milliseconds(100))
        #expect(state.handle(.control("l")) == [.redraw])
        #expect(state.handle(.character("q")) == [.quit])
        #expect(state.handle(.control("c")) == [.quit])
        #expect(state.handle(.character("m")) == [.mouseChanged(false)])
    }

    @Test func ctrlCQuitsFromEveryMode() {
        var help = DashboardState()
        _ = help.handle(.character("?"))
        #expect(help.handle(.control("c")) == [.quit])
        var filter = DashboardState()
        _ = filter.handle(.character("/"))
        #expect(filter.handle(.control("c")) == [.quit])
        var confirm = DashboardState()
        _ = confirm.handle(.character("R"))
        #expect(confirm.handle(.control("c")) == [.quit])
    }

    @Test func helpOverlayOpensAndClosesAndSwallowsOtherKeys() {
        var state = Self.synced()
        _ = state.handle(.character("?"))
        #expect(state.overlay == .help)
        #expect(state.handle(.character("r")).isEmpty)
        _ = state.handle(.escape)
        #expect(state.overlay == nil)
        _ = state.handle(.character("?"))
        #expect(state.handle(.character("q")).isEmpty)
        #expect(state.overlay == nil)
    }

    @Test func focusKeysCyclePanes() {
        var state = Self.synced()
        _ = state.handle(.tab)
        #expect(state.focus == .detail)
        _ = state.handle(.tab)
        _ = state.handle(.tab)
        #expect(state.focus == .events)
        _ = state.handle(.tab)
        #expect(state.focus == .endpoints)
        _ = state.handle(.backTab)
        #expect(state.focus == .events)
        _ = state.handle(.character("3"))
        #expect(state.focus == .rateLimits)
        _ = state.handle(.escape)
        #expect(state.focus == .endpoints)
        _ = state.handle(.enter)
        #expect(state.focus == .detail)
        _ = state.handle(.enter)
        #expect(state.focus == .endpoints)
    }

    @Test func movementScrollsTheFocusedPane() {
        var state = DashboardState()
        state.sortColumn = .config
        state.sortDescending = false
        _ = Fixtures.frame(state: &state, width: 80, height: 24)
        _ = state.handle(.character("2"))
        _ = Fixtures.frame(state: &state, width: 80, height: 24)
        #expect(state.measured.detailLines > state.measured.detailVisible)
        _ = state.handle(.down)
        _ = state.handle(.down)
        #expect(state.detailScroll == 2)
        #expect(state.selectedRow == 0)
        _ = state.handle(.character("G"))
        #expect(state.detailScroll == state.measured.detailLines - state.measured.detailVisible)
        _ = state.handle(.character("g"))
        #expect(state.detailScroll == 0)
    }

    @Test func eventsFollowTheNewestUntilScrolledBack() {
        let events = (1...50).map {
            Event(sequence: UInt64($0), at: Fixtures.now, kind: .info, endpoint: nil, message: "event \($0)")
        }
        var state = DashboardState()
        state.focus = .events
        var (grid, _) = Fixtures.frame(events: events, state: &state, width: 80, height: 24)
        #expect(grid.contains("event 50"))
        _ = state.handle(.up)
        _ = state.handle(.up)
        (grid, _) = Fixtures.frame(events: events, state: &state, width: 80, height: 24)
        #expect(state.eventScroll == 2)
        #expect(!grid.contains("event 50"))
        #expect(grid.contains("event 48"))
        _ = state.handle(.character("G"))
        #expect(state.eventScroll == 0)
    }

    @Test func mouseClickSelectsAndWheelScrolls() {
        var state = DashboardState()
        _ = Fixtures.frame(Fixtures.large(200), events: [], state: &state, width: 80, height: 24)
        guard let table = state.layout.endpoints else {
            Issue.record("no table")
            return
        }
        _ = state.handle(.mouse(MouseEvent(.click, x: table.x + 5, y: table.y + 2 + 3)))
        #expect(state.selectedRow == 3)
        _ = state.handle(.mouse(MouseEvent(.wheelDown, x: table.x + 5, y: table.y + 4)))
        #expect(state.endpointScroll == 3)
        #expect(state.selectedRow >= 3)
        if let events = state.layout.events {
            _ = state.handle(.mouse(MouseEvent(.click, x: events.x + 2, y: events.y + 1)))
            #expect(state.focus == .events)
        }
    }
}
