import Monitor
import Resilience
import Testing

@testable import Dashboard

@Suite struct ScreenRendererTests {
    static let sizes = [(80, 24), (120, 40), (200, 60), (40, 10)]

    @Test(arguments: sizes)
    func everyPaneRendersAtEverySize(width: Int, height: Int) {
        for focus in Focus.allCases {
            var state = DashboardState()
            state.focus = focus
            let (grid, _) = Fixtures.frame(state: &state, width: width, height: height)
            #expect(grid.width == width && grid.height == height)
            // The focused pane is always on screen, titled with its focus key.
            #expect(grid.contains("[\(focus.key)] \(focus.title)"), "\(focus) at \(width)×\(height)")
            // Header and key bar frame the screen.
            #expect(grid.text(row: 0).contains("demo"))
            #expect(grid.text(row: 0).contains("12:00:00"))
            #expect(grid.text(row: height - 1).contains("q quit"))
            #expect(!grid.hasControlCharacters)
        }
    }

    @Test(arguments: [(80, 24), (120, 40), (200, 60)])
    func largerScreensShowEveryPaneAtOnce(width: Int, height: Int) {
        var state = DashboardState()
        let (grid, stats) = Fixtures.frame(state: &state, width: width, height: height)
        for focus in Focus.allCases { #expect(grid.contains("[\(focus.key)] \(focus.title)")) }
        #expect(stats.endpointRowsRendered > 0)
        #expect(stats.detailVisible > 0)
        #expect(stats.eventVisible > 0)
    }

    @Test func compactScreenShowsOnlyTheFocusedPane() {
        var state = DashboardState()
        state.focus = .events
        let (grid, _) = Fixtures.frame(state: &state, width: 40, height: 10)
        #expect(grid.contains("[4] Events"))
        #expect(!grid.contains("[1] Endpoints"))
        #expect(grid.contains("demo started"))
    }

    @Test func headerCountsEndpointsByStateWithGlyphsAndWords() {
        var state = DashboardState()
        let (grid, _) = Fixtures.frame(state: &state, width: 120, height: 40)
        let header = grid.text(row: 0)
        #expect(header.contains("● 4 closed"))
        #expect(header.contains("◐ 1 half-open"))
        #expect(header.contains("✖ 1 open"))
        #expect(header.contains("⊘ 1 forced"))
        #expect(header.contains("42.0 probes/s"))
        #expect(header.contains("up 1h02m"))
        #expect(grid.role(of: "✖ 1") == .stateOpen)
    }

    @Test func headerMarksPausedAndFrozen() {
        var snapshot = Fixtures.snapshot()
        snapshot.pausedAll = true
        var state = DashboardState()
        _ = state.handle(.character("f"))
        let (grid, _) = Fixtures.frame(snapshot, state: &state, width: 120, height: 40)
        #expect(grid.text(row: 0).contains("PAUSED"))
        #expect(grid.text(row: 0).contains("FROZEN"))
    }

    /// Probes waiting for connections: the header says so, and names the host holding the pool
    /// when there is room; nothing while the pool has room.
    @Test func headerWarnsWhenProbesWaitForTheConnectionPool() {
        var state = DashboardState()
        let (quiet, _) = Fixtures.frame(state: &state, width: 200, height: 40)
        #expect(!quiet.text(row: 0).contains("POOL"))

        var snapshot = Fixtures.snapshot()
        snapshot.pool = PoolSnapshot(
            maxConnections: 100, maxConnectionsPerHost: 50, inUse: 100, waiting: 412,
            saturatedHosts: [.init(origin: "http://10.0.0.7:8080", inUse: 50, waiting: 400)])
        let (wide, _) = Fixtures.frame(snapshot, state: &state, width: 200, height: 40)
        #expect(wide.text(row: 0).contains("POOL 100/100, 412 waiting (http://10.0.0.7:8080 holds 50)"))
        #expect(wide.role(of: "POOL 100/100") == .warning)
        let (narrow, _) = Fixtures.frame(snapshot, state: &state, width: 100, height: 30)
        #expect(narrow.text(row: 0).contains("POOL 100/100, 412 waiting"))
        #expect(narrow.text(row: 0).contains("12:00:00"))
    }

    @Test func tooSmallNamesTheMinimum() {
        var state = DashboardState()
        let (grid, _) = Fixtures.frame(state: &state, width: 39, height: 12)
        #expect(grid.contains("terminal too small: need 40×10"))
        var tiny = DashboardState()
        let (narrow, _) = Fixtures.frame(state: &tiny, width: 12, height: 5)
        #expect(narrow.text.contains("small:"))
        var ascii = DashboardState()
        let (plain, _) = Fixtures.frame(state: &ascii, width: 50, height: 9, ascii: true)
        #expect(plain.contains("need 40x10"))
    }

    @Test(arguments: sizes)
    func asciiModeDrawsNoNonASCIICell(width: Int, height: Int) {
        for focus in Focus.allCases {
            var state = DashboardState()
            state.focus = focus
            let (grid, _) = Fixtures.frame(state: &state, width: width, height: height, ascii: true)
            #expect(grid.isAllASCII, "\(focus) at \(width)×\(height)")
        }
        var help = DashboardState()
        _ = help.handle(.character("?"))
        #expect(Fixtures.frame(state: &help, width: width, height: height, ascii: true).grid.isAllASCII)
        var confirm = DashboardState()
        _ = confirm.handle(.character("R"))
        #expect(Fixtures.frame(state: &confirm, width: width, height: height, ascii: true).grid.isAllASCII)
    }

    @Test func asciiModeUsesASCIIGlyphsForStates() {
        var state = DashboardState()
        let (grid, _) = Fixtures.frame(state: &state, width: 120, height: 40, ascii: true)
        #expect(grid.contains("X OPEN"))
        #expect(grid.contains("~ HALF-OPEN"))
        #expect(grid.contains("o CLOSED"))
        #expect(grid.text(row: 1).hasPrefix("+"))
    }

    @Test func hostileNamesAndMessagesNeverReachTheGrid() {
        var snapshot = Fixtures.snapshot(count: 3)
        let hostile = "evil\u{1B}]52;c;cm0gLXJmIH4=\u{07}\u{1B}[2J\u{9B}31mname\r\n"
        snapshot.endpoints[1].name = hostile
        snapshot.endpoints[1].group = "g\u{1B}[1m"
        snapshot.endpoints[1].displayURL = "http://x/\u{1B}[H"
        let error = ErrorRecord(
            kind: .protocol, message: "bad \u{1B}[5mblink\u{07} reply\u{0}", at: Fixtures.now)
        snapshot.endpoints[1].recentErrors = [error]
        snapshot.endpoints[1].policyLines = ["header: \u{1B}]8;;http://evil\u{1B}\\x"]
        let events = [
            Event(
                sequence: 1, at: Fixtures.now, kind: .error, endpoint: hostile,
                message: "oops\u{1B}[31m\u{9B}1m!")
        ]
        for focus in Focus.allCases {
            var state = DashboardState()
            state.focus = focus
            let (grid, _) = Fixtures.frame(snapshot, events: events, state: &state, width: 200, height: 60)
            #expect(!grid.hasControlCharacters)
        }
        var state = DashboardState()
        let (grid, _) = Fixtures.frame(snapshot, events: events, state: &state, width: 200, height: 60)
        #expect(grid.contains("evilname"))
        #expect(grid.contains("bad blink reply"))
        #expect(grid.contains("oops!"))
    }

    @Test func helpOverlayListsEveryKey() {
        var state = DashboardState()
        _ = state.handle(.character("?"))
        let (grid, stats) = Fixtures.frame(state: &state, width: 120, height: 60)
        #expect(grid.contains(" Help "))
        for key in [
            "j k", "PgUp PgDn", "g G", "r ", "o ", "d ", "n ", "R ", "P ", "/ ", "s S", "t ", "f ", "+ -",
            "?", "q Ctrl-C", "Ctrl-L",
        ] {
            #expect(grid.contains(key), "help lacks \(key)")
        }
        #expect(stats.helpLines <= stats.helpVisible)
    }

    @Test func confirmationPromptAsksYesNoDefaultNo() {
        var state = DashboardState()
        _ = state.handle(.character("R"))
        let (grid, _) = Fixtures.frame(state: &state, width: 80, height: 24)
        #expect(grid.contains("Reset ALL breakers to closed?  [y/N]"))
        #expect(grid.text(row: 23).contains("y yes"))
    }
}
