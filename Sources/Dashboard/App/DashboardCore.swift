public import Foundation
public import Monitor
public import Resilience

/// The dashboard's loop logic without the terminal: keys in, commands to the source, frames out.
///
/// ``DashboardApp`` wraps it with a ``TerminalSession``; tests drive it directly with a data
/// source and explicit instants. It never waits: `latest()` and `events(after:)` are the
/// source's non-blocking reads, and `send` hands commands over without waiting for them.
public struct DashboardCore<Source: SnapshotSource>: Sendable {
    /// What the terminal layer must do after a key.
    public enum TerminalEffect: Sendable, Equatable {
        /// Leave.
        case quit
        /// Repaint the whole screen.
        case repaint
        /// Apply the theme at this catalog index.
        case theme(Int)
        /// Mouse reporting on or off.
        case mouse(Bool)
    }

    /// The engine.
    public let source: Source
    /// Focus, selection, sort, filter…
    public internal(set) var state: DashboardState
    /// Events seen so far, plus dashboard notices.
    public private(set) var log: EventHistory
    /// The snapshot on screen (held while frozen).
    public private(set) var snapshot: Snapshot
    /// The events on screen while frozen.
    private var frozenEvents: [Event]?
    /// When to pull the next snapshot.
    public private(set) var nextRefresh: Instant
    private var builder = FrameBuilder()

    /// Creates the core and pulls the first snapshot and events.
    public init(source: Source, state: DashboardState, now: Instant, logCapacity: Int = 1_000) {
        self.source = source
        self.state = state
        self.log = EventHistory(capacity: logCapacity)
        self.snapshot = source.latest()
        self.nextRefresh = now.advanced(by: state.refreshInterval)
        log.append(engine: source.events(after: 0))
    }

    /// Time until the next refresh is due (zero or less: due now).
    public func timeUntilRefresh(now: Instant) -> Duration { now.duration(to: nextRefresh) }

    /// Pulls a new snapshot and events when the refresh is due; answers whether it did.
    @discardableResult
    public mutating func tick(now: Instant) -> Bool {
        guard now >= nextRefresh else { return false }
        refresh(now: now)
        return true
    }

    /// Pulls a new snapshot (unless frozen) and new events now.
    public mutating func refresh(now: Instant) {
        if !state.isFrozen { snapshot = source.latest() }
        log.append(engine: source.events(after: log.lastSequence))
        nextRefresh = now.advanced(by: state.refreshInterval)
    }

    /// Applies a key: updates the state, sends commands, logs notices; answers what the terminal must do.
    public mutating func handle(_ key: Key, now: Instant, wallClock: Date) -> [TerminalEffect] {
        var effects: [TerminalEffect] = []
        for action in state.handle(key) {
            switch action {
            case .send(let command):
                source.send(command)
                // Show the command's effect at the next refresh, but soon.
                nextRefresh = min(nextRefresh, now.advanced(by: .milliseconds(100)))
            case .quit:
                effects.append(.quit)
            case .redraw:
                effects.append(.repaint)
            case .themeChanged(let index):
                effects.append(.theme(index))
            case .refreshChanged(let interval):
                nextRefresh = now.advanced(by: interval)
                log.append(notice: "refresh every \(Format.duration(interval))", at: wallClock)
            case .freezeChanged(let frozen):
                frozenEvents = frozen ? log.events : nil
                if !frozen { refresh(now: now) }
                log.append(
                    notice: frozen ? "display frozen (polling goes on)" : "display live", at: wallClock)
            case .mouseChanged(let enabled):
                effects.append(.mouse(enabled))
                log.append(
                    notice: enabled ? "mouse on" : "mouse off (terminal selection works)", at: wallClock)
            case .notice(let text):
                log.append(notice: text, at: wallClock)
            }
        }
        return effects
    }

    /// Logs a dashboard notice (theme switched, …).
    public mutating func notice(_ text: String, at date: Date) { log.append(notice: text, at: date) }

    /// Builds the frame for `size`.
    public mutating func frame(size: Size, context: RenderContext) -> (grid: CellGrid, stats: RenderStats) {
        builder.build(
            snapshot: snapshot, events: frozenEvents ?? log.events, state: &state, size: size,
            context: context)
    }

    /// Frees the previous snapshot's rows, which the last frame replaced, on a background thread:
    /// at 10,000 endpoints the last reference to them is a millisecond or two of `free` that the
    /// drawing thread need not wait for. Call after painting.
    public mutating func releaseReplacedRows() {
        let replaced = builder.takeReplacedEndpoints()
        guard !replaced.isEmpty else { return }
        DispatchQueue.global(qos: .utility).async { withExtendedLifetime(replaced) {} }
    }
}
