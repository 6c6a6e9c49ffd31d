import Foundation
import Monitor
import Resilience
import Testing

@testable import Dashboard

@Suite struct DashboardCoreTests {
    static let size = Size(width: 120, height: 40)
    static let context = RenderContext(glyphs: .unicode, now: Fixtures.now, utcOffset: 0)

    static func core(_ source: RecordingSource) -> DashboardCore<RecordingSource> {
        var state = DashboardState(refreshInterval: .seconds(1))
        state.sortColumn = .config
        state.sortDescending = false
        var core = DashboardCore(source: source, state: state, now: .zero)
        _ = core.frame(size: size, context: context)
        return core
    }

    @Test func refreshPullsTheLatestSnapshotOnlyWhenDue() {
        let source = RecordingSource()
        var core = Self.core(source)
        let calls = source.latestCalls
        let early = core.tick(now: .zero + .milliseconds(999))
        #expect(!early)
        #expect(source.latestCalls == calls)
        var next = Fixtures.snapshot()
        next.source = "updated"
        source.publish(next)
        let due = core.tick(now: .zero + .seconds(1))
        #expect(due)
        #expect(core.snapshot.source == "updated")
        #expect(core.timeUntilRefresh(now: .zero + .seconds(1)) == .seconds(1))
    }

    @Test func keysSendCommandsToTheSourceAndBringTheRefreshForward() {
        let source = RecordingSource()
        var core = Self.core(source)
        _ = core.handle(.down, now: .zero, wallClock: Fixtures.now)  // svc-1, open
        _ = core.handle(.character("r"), now: .zero, wallClock: Fixtures.now)
        #expect(source.commands == [ControlCommand(.reset, .endpoint("svc-1"))])
        #expect(core.timeUntilRefresh(now: .zero) <= .milliseconds(100))
        _ = core.handle(.character("R"), now: .zero, wallClock: Fixtures.now)
        _ = core.handle(.enter, now: .zero, wallClock: Fixtures.now)  // default No
        #expect(source.commands.count == 1)
        _ = core.handle(.character("R"), now: .zero, wallClock: Fixtures.now)
        _ = core.handle(.character("y"), now: .zero, wallClock: Fixtures.now)
        #expect(source.commands.last == ControlCommand(.reset, .all))
    }

    @Test func freezeHoldsTheSnapshotWhilePollingGoesOn() {
        let source = RecordingSource()
        var core = Self.core(source)
        _ = core.handle(.character("f"), now: .zero, wallClock: Fixtures.now)
        var next = Fixtures.snapshot()
        next.source = "moved-on"
        source.publish(next)
        source.publish(Event(sequence: 99, at: Fixtures.now, kind: .info, endpoint: nil, message: "later"))
        core.tick(now: .zero + .seconds(2))
        #expect(core.snapshot.source == "demo")
        #expect(core.log.events.contains { $0.message == "later" })
        var (grid, _) = core.frame(size: Self.size, context: Self.context)
        #expect(grid.text(row: 0).contains("FROZEN"))
        #expect(!grid.contains("later"))
        _ = core.handle(.character("f"), now: .zero + .seconds(3), wallClock: Fixtures.now)
        (grid, _) = core.frame(size: Self.size, context: Self.context)
        #expect(core.snapshot.source == "moved-on")
        #expect(grid.contains("later"))
    }

    @Test func engineEventsAndNoticesReachTheEventsPane() {
        let source = RecordingSource()
        source.publish(
            Event(
                sequence: 1, at: Fixtures.now, kind: .transition(from: .closed, to: .open), endpoint: "svc-1",
                message: "5 consecutive failures"))
        var core = Self.core(source)
        _ = core.handle(.character("R"), now: .zero, wallClock: Fixtures.now)
        _ = core.handle(.character("n"), now: .zero, wallClock: Fixtures.now)
        let (grid, _) = core.frame(size: Self.size, context: Self.context)
        #expect(grid.contains("closed→open 5 consecutive failures"))
        #expect(grid.contains("cancelled"))
        source.publish(Event(sequence: 1, at: Fixtures.now, kind: .info, endpoint: nil, message: "duplicate"))
        core.refresh(now: .zero)
        #expect(core.log.events.filter { $0.sequence == 1 }.count == 1)
    }

    @Test func terminalEffectsComeBackForTheSessionToApply() {
        var core = Self.core(RecordingSource())
        core.state.themeCount = 2
        let theme = core.handle(.character("t"), now: .zero, wallClock: Fixtures.now)
        #expect(theme == [.theme(1)])
        let repaint = core.handle(.control("l"), now: .zero, wallClock: Fixtures.now)
        #expect(repaint == [.repaint])
        let mouse = core.handle(.character("m"), now: .zero, wallClock: Fixtures.now)
        #expect(mouse == [.mouse(false)])
        let quit = core.handle(.character("q"), now: .zero, wallClock: Fixtures.now)
        #expect(quit == [.quit])
        let faster = core.handle(.character("+"), now: .zero, wallClock: Fixtures.now)
        #expect(faster.isEmpty)
        #expect(core.timeUntilRefresh(now: .zero) == .milliseconds(500))
    }

    @Test func eventLogIsBounded() {
        var log = EventHistory(capacity: 3)
        log.append(
            engine: (1...5).map {
                Event(sequence: $0, at: Fixtures.now, kind: .info, endpoint: nil, message: "\($0)")
            })
        #expect(log.events.map(\.message) == ["3", "4", "5"])
        log.append(notice: "local", at: Fixtures.now)
        #expect(log.events.map(\.message) == ["4", "5", "local"])
        #expect(log.lastSequence == 5)
    }
}

@Suite struct DashboardOptionsTests {
    @Test func noColorSelectsMonoUnlessAThemeIsGiven() throws {
        let directories = [ThemeLoaderTests.themesDirectory]
        let plain = DashboardOptions(environment: [:], themeDirectories: directories)
        let (catalog, index) = try plain.resolveThemes()
        #expect(catalog.themes[index].name == "default")
        let noColor = DashboardOptions(environment: ["NO_COLOR": "1"], themeDirectories: directories)
        let (monoCatalog, monoIndex) = try noColor.resolveThemes()
        #expect(monoCatalog.themes[monoIndex].name == "mono")
        let explicit = DashboardOptions(
            theme: "dark", environment: ["NO_COLOR": "1"], themeDirectories: directories)
        let (darkCatalog, darkIndex) = try explicit.resolveThemes()
        #expect(darkCatalog.themes[darkIndex].name == "dark")
        let flag = DashboardOptions(noColor: true, environment: [:], themeDirectories: directories)
        let (flagCatalog, flagIndex) = try flag.resolveThemes()
        #expect(flagCatalog.themes[flagIndex].name == "mono")
        let empty = DashboardOptions(environment: ["NO_COLOR": ""], themeDirectories: directories)
        #expect(try empty.resolveThemes().catalog.themes[try empty.resolveThemes().index].name == "default")
    }

    @Test func unknownThemeIsAnError() {
        let options = DashboardOptions(theme: "nope", environment: [:], themeDirectories: [])
        #expect(throws: ThemeError.self) { try options.resolveThemes() }
    }
}

@Suite struct TerminalPreflightTests {
    @Test func dumbOrMissingTermIsRefusedWithPointersToSnapshotAndWatch() {
        // Under `swift test` stdout is usually not a tty either; both refusals must name the alternatives.
        for environment in [[:], ["TERM": ""], ["TERM": "dumb"]] {
            do {
                try TerminalSession.preflight(environment: environment)
                Issue.record("accepted \(environment)")
            } catch {
                #expect(error.description.contains("ethotop snapshot"))
                #expect(error.description.contains("ethotop watch"))
            }
        }
        #expect(TerminalError.unsupportedTerminal("dumb").description.contains("\"dumb\""))
        #expect(TerminalError.unsupportedTerminal(nil).description.contains("unset"))
        #expect(TerminalError.notATerminal.description.contains("not a tty"))
    }

    @Test func launchReportsTerminalErrorsFromItsThreadWithoutTouchingTheScreen() async {
        let options = DashboardOptions(environment: ["TERM": "dumb"], themeDirectories: [])
        await #expect(throws: TerminalError.self) {
            try await DashboardApp.launch(source: RecordingSource(), options: options)
        }
        let badTheme = DashboardOptions(theme: "missing", environment: ["TERM": "dumb"], themeDirectories: [])
        await #expect(throws: ThemeError.self) {
            try await DashboardApp.launch(source: RecordingSource(), options: badTheme)
        }
    }

    @Test func keyDecoderMapsControlCodes() {
        #expect(KeyDecoder.character(0x0D) == .enter)
        #expect(KeyDecoder.character(0x09) == .tab)
        #expect(KeyDecoder.character(0x1B) == .escape)
        #expect(KeyDecoder.character(0x7F) == .backspace)
        #expect(KeyDecoder.character(0x03) == .control("c"))
        #expect(KeyDecoder.character(0x0C) == .control("l"))
        #expect(KeyDecoder.character(0x15) == .control("u"))
        #expect(KeyDecoder.character(0x71) == .character("q"))
        #expect(KeyDecoder.character(0x6771) == .character("東"))
        #expect(KeyDecoder.character(0x9B) == nil)
    }
}
