public import Monitor

/// Renders a whole frame: a snapshot, the event log and the dashboard state into a ``CellGrid``.
///
/// Pure: no terminal, no clock (the time comes in the ``RenderContext``), so every pane can be
/// tested at any size. The state must have been ``DashboardState/sync(endpoints:order:pausedAll:layout:)``ed
/// with the same layout; ``FrameBuilder`` does both steps.
public enum ScreenRenderer {
    /// Draws the frame; answers the grid and what was measured.
    public static func render(
        snapshot: Snapshot, events: [Event], state: DashboardState, context: RenderContext
    ) -> (grid: CellGrid, stats: RenderStats) {
        render(
            snapshot: snapshot, summary: SnapshotSummary(snapshot.endpoints), events: events, state: state,
            context: context)
    }

    /// Draws the frame with `summary`, the snapshot's ``SnapshotSummary`` (kept by ``FrameBuilder``).
    static func render(
        snapshot: Snapshot, summary: SnapshotSummary, events: [Event], state: DashboardState,
        context: RenderContext
    ) -> (grid: CellGrid, stats: RenderStats) {
        let layout = state.layout
        var grid = CellGrid(size: layout.size, asciiOnly: context.glyphs.isASCII)
        var stats = RenderStats()
        guard layout.mode != .tooSmall else {
            OverlayPanes.tooSmall(&grid)
            return (grid, stats)
        }
        HeaderPane.draw(
            &grid, rect: layout.header, snapshot: snapshot, counts: summary.stateCounts,
            frozen: state.isFrozen, context: context)
        if let rect = layout.endpoints {
            stats.endpointRowsRendered = EndpointsPane.draw(
                &grid, rect: rect, snapshot: snapshot, longestName: summary.longestName, state: state,
                context: context)
        }
        if let rect = layout.detail {
            (stats.detailLines, stats.detailVisible) = DetailPane.draw(
                &grid, rect: rect, state: state, context: context)
        }
        if let rect = layout.rateLimits {
            (stats.rateLimitLines, stats.rateLimitVisible) = RateLimitsPane.draw(
                &grid, rect: rect, snapshot: snapshot, state: state, context: context)
        }
        if let rect = layout.events {
            (stats.eventLines, stats.eventVisible) = EventsPane.draw(
                &grid, rect: rect, events: events, state: state, context: context)
        }
        KeyBarPane.draw(&grid, rect: layout.keyBar, state: state, context: context)
        if state.overlay == .help {
            (stats.helpLines, stats.helpVisible) = OverlayPanes.help(&grid, state: state, context: context)
        }
        if let confirmation = state.pendingConfirmation {
            OverlayPanes.confirm(&grid, confirmation, context: context)
        }
        return (grid, stats)
    }
}

/// Builds frames: filters and sorts (cached), lays out, syncs the state, renders.
///
/// The sorted order is cached per (snapshot, filter, sort), so moving the selection through
/// 10,000 endpoints does not re-sort them on every key press; the ``SnapshotSummary`` (state
/// counts, longest name) is cached per snapshot, so a frame costs the rows on screen, not the
/// endpoints configured.
public struct FrameBuilder: Sendable {
    private var cacheKey: CacheKey?
    private var cachedOrder: [Int] = []
    private var summaryKey: SnapshotKey?
    private var cachedSummary = SnapshotSummary([])
    /// The rows the last frame replaced, until ``takeReplacedEndpoints()``.
    private var replacedEndpoints: [EndpointSnapshot] = []

    /// Which snapshot: the engine publishes each with a new time. The rows' buffer address is
    /// compared too, so that two snapshots made with the same time (tests, tools) are not taken
    /// for one; it is only compared, never dereferenced.
    private struct SnapshotKey: Equatable {
        var generatedAt: Double
        var count: Int
        var source: String
        var rows: UInt

        init(_ snapshot: Snapshot) {
            generatedAt = snapshot.generatedAt.timeIntervalSinceReferenceDate
            count = snapshot.endpoints.count
            source = snapshot.source
            rows = snapshot.endpoints.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
        }
    }

    private struct CacheKey: Equatable {
        var snapshot: SnapshotKey
        var filter: String
        var sort: SortColumn
        var descending: Bool
    }

    /// Creates a builder with an empty cache.
    public init() {}

    /// Lays out and renders one frame at `size`, updating `state` (selection, scroll bounds).
    public mutating func build(
        snapshot: Snapshot, events: [Event], state: inout DashboardState, size: Size, context: RenderContext
    ) -> (grid: CellGrid, stats: RenderStats) {
        let order = self.order(snapshot: snapshot, state: state)
        let layout = Layout(
            size: size, focus: state.focus, rateLimitCount: snapshot.rateLimits.count,
            endpointCount: order.count)
        let replaced = state.sync(
            endpoints: snapshot.endpoints, order: order, pausedAll: snapshot.pausedAll, layout: layout)
        if !replaced.isEmpty && !Self.sameStorage(replaced, snapshot.endpoints) {
            replacedEndpoints = replaced
        }
        let frame = ScreenRenderer.render(
            snapshot: snapshot, summary: summary(snapshot), events: events, state: state, context: context)
        state.absorb(frame.stats)
        return frame
    }

    /// The snapshot's summary, from cache when it is the same snapshot.
    private mutating func summary(_ snapshot: Snapshot) -> SnapshotSummary {
        let key = SnapshotKey(snapshot)
        if key != summaryKey {
            cachedSummary = SnapshotSummary(snapshot.endpoints)
            summaryKey = key
        }
        return cachedSummary
    }

    /// Whether two arrays share one buffer (the same snapshot's rows, kept between frames).
    private static func sameStorage(_ first: [EndpointSnapshot], _ second: [EndpointSnapshot]) -> Bool {
        first.withUnsafeBufferPointer { a in
            second.withUnsafeBufferPointer { b in a.baseAddress == b.baseAddress }
        }
    }

    /// Hands over the rows of the snapshot the last frame replaced (empty when it kept the same
    /// one), so that the caller can free them after painting, or on another thread.
    public mutating func takeReplacedEndpoints() -> [EndpointSnapshot] {
        defer { replacedEndpoints = [] }
        return replacedEndpoints
    }

    /// The display order for `snapshot` under the state's filter and sort, from cache when unchanged.
    public mutating func order(snapshot: Snapshot, state: DashboardState) -> [Int] {
        let key = CacheKey(
            snapshot: SnapshotKey(snapshot), filter: state.filterText, sort: state.sortColumn,
            descending: state.sortDescending)
        if key == cacheKey { return cachedOrder }
        var depths: [String: Int] = [:]
        if state.sortColumn == .queue {
            for limiter in snapshot.rateLimits { depths[limiter.name] = limiter.queueDepth }
        }
        cachedOrder = EndpointQuery.order(
            snapshot.endpoints, filter: state.filter, sort: state.sortColumn,
            descending: state.sortDescending,
            queueDepths: depths)
        cacheKey = key
        return cachedOrder
    }
}
