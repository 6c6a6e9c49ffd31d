import Foundation
public import Monitor
public import Resilience
import Glibc

/// Runs the full-screen dashboard against a snapshot source until the operator quits.
///
/// The loop, on the one thread that owns ncurses:
/// 1. answer signals (quit, suspend/resume);
/// 2. paint the frame if anything changed (only changed cells reach the terminal);
/// 3. wait for a key for at most the time left until the next refresh (capped at 100 ms so
///    signals are seen quickly), then apply every queued key;
/// 4. when the refresh is due, pull `latest()` and `events(after:)`.
/// Nothing in it waits on the network: the source's reads return the last published values.
public enum DashboardApp {
    /// Runs until `q`, `Ctrl-C`, SIGINT, SIGTERM or SIGHUP; the terminal is restored on return
    /// and on every error. Blocks the calling thread: call it from a dedicated thread (or the
    /// main thread) rather than from a Swift concurrency task.
    ///
    /// - Returns: why it stopped; after `.signal(n)` the caller should stop the engine and then
    ///   ``DashboardExit/terminateIfSignalled()`` so its parent sees the conventional status.
    ///
    /// - Throws: ``ThemeError`` for a broken `--theme`, ``TerminalError`` when there is no usable
    ///   terminal (both before the screen is touched).
    @discardableResult
    public static func run(
        source: some SnapshotSource, options: DashboardOptions,
        clock: any ResilienceClock = SystemClock.shared
    ) throws -> DashboardExit {
        let (catalog, startTheme) = try options.resolveThemes()
        let session = try TerminalSession(environment: options.environment, mouse: options.mouse)
        defer { session.close() }
        let glyphs: Glyphs = options.ascii || !session.isUTF8 ? .ascii : .unicode
        var themeIndex = startTheme
        session.apply(catalog.themes[themeIndex])
        var core = DashboardCore(
            source: source,
            state: DashboardState(
                refreshInterval: options.refreshInterval, mouseEnabled: options.mouse, themeIndex: themeIndex,
                themeCount: catalog.themes.count),
            now: clock.now())
        for problem in catalog.problems { core.notice("theme skipped: \(problem)", at: Date()) }
        let utcOffset = TimeZone.current.secondsFromGMT()
        // Only measured when asked for (`--frame-stats`): the drawing path stays as it was.
        var frameCosts = options.frameStatsPath.map { _ in FrameCostLog() }
        defer { if let path = options.frameStatsPath { frameCosts?.write(to: path) } }
        var dirty = true
        while true {
            let signals = TerminalSignals.take()
            if let signal = signals.quitSignal { return .signal(signal) }
            if signals.suspend {
                session.suspend()
                core.refresh(now: clock.now())
                dirty = true
            }
            if signals.resumed {
                session.refreshSize()
                session.invalidate()
                dirty = true
            }
            if dirty {
                let context = RenderContext(
                    glyphs: glyphs, now: Date(), utcOffset: utcOffset, sparkline: options.sparkline,
                    themeName: catalog.themes[themeIndex].name, link: source.link)
                let start = frameCosts.map { _ in FrameCostLog.start() }
                let grid = core.frame(size: session.size, context: context).grid
                let builtCPU = frameCosts.map { _ in FrameCostLog.threadCPUTime() }
                session.paint(grid)
                if let start, let builtCPU { frameCosts?.record(start: start, builtCPU: builtCPU) }
                core.releaseReplacedRows()
                dirty = false
            }
            let wait = core.timeUntilRefresh(now: clock.now())
            let waitMilliseconds = max(0, min(100, Int(wait.milliseconds.rounded(.up))))
            var budget = 256  // keys applied per frame, so a paste cannot starve drawing
            var next = session.readKey(timeoutMilliseconds: waitMilliseconds)
            while let key = next, budget > 0 {
                budget -= 1
                dirty = true
                for effect in core.handle(key, now: clock.now(), wallClock: Date()) {
                    switch effect {
                    case .quit: return .quit
                    case .repaint: session.invalidate()
                    case .theme(let index):
                        themeIndex = index
                        session.apply(catalog.themes[index])
                        core.notice("theme: \(catalog.themes[index].name)", at: Date())
                    case .mouse(let enabled): session.setMouse(enabled)
                    }
                }
                next = session.readKey(timeoutMilliseconds: 0)
            }
            if core.tick(now: clock.now()) { dirty = true }
        }
    }
}

extension DashboardApp {
    /// ``run(source:options:clock:)`` on a dedicated thread, for callers in Swift concurrency
    /// (the CLI's `async` commands): the thread owns ncurses for the whole session, and the
    /// calling task is suspended, not blocked, until the operator quits.
    public static func launch(
        source: some SnapshotSource, options: DashboardOptions,
        clock: any ResilienceClock = SystemClock.shared
    ) async throws -> DashboardExit {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                do {
                    continuation.resume(returning: try run(source: source, options: options, clock: clock))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            thread.name = "ethotop-dash"  // Linux keeps 15 bytes of a thread's name
            thread.start()
        }
    }
}

/// Why the dashboard stopped.
public enum DashboardExit: Sendable, Equatable {
    /// The operator quit (`q`, `Ctrl-C` as a key).
    case quit
    /// SIGINT, SIGTERM or SIGHUP arrived; the terminal has been restored.
    case signal(Int32)

    /// For `.signal(n)`: re-raises `n` with its default action, so the process ends "killed by
    /// signal n" as shells and supervisors expect. Does nothing for `.quit`.
    public func terminateIfSignalled() {
        guard case .signal(let number) = self else { return }
        Glibc.signal(number, SIG_DFL)
        // kill, not raise: raise targets the calling thread, and Swift concurrency's worker
        // threads block signals, so the signal would stay pending while the process exits 0.
        kill(getpid(), number)
        // Delivery to another thread is asynchronous: wait for it rather than return.
        while true { pause() }
    }
}
