public import Monitor

/// Everything the operator controls on screen, as a value: focus, selection, scrolling, sort,
/// filter, freeze, theme, overlays, the pending confirmation and the refresh interval.
///
/// A state machine in the project's style: ``handle(_:)`` takes a ``Key`` and returns the
/// ``DashboardAction``s the app must perform (send a command, quit, switch theme…); it does no
/// I/O itself. Before keys are applied, the app ``sync(endpoints:order:pausedAll:layout:)``s it
/// with the rows on screen, so that "the selected endpoint" and "a page" mean what the operator
/// sees. The selection follows the endpoint by name when sorting or new data moves its row.
public struct DashboardState: Sendable {
    /// The pane that receives movement keys.
    public var focus: Focus = .endpoints
    /// The selected row of the endpoints table (index into ``order``).
    public internal(set) var selectedRow = 0
    /// The selected endpoint's name, which the selection follows across re-sorts.
    public internal(set) var selectedName: String?
    /// The first endpoint row shown.
    public internal(set) var endpointScroll = 0
    /// The first line of the detail pane shown.
    public internal(set) var detailScroll = 0
    /// The first rate limiter shown.
    public internal(set) var rateLimitScroll = 0
    /// How many events back from the newest the events pane is scrolled (0 follows new events).
    public internal(set) var eventScroll = 0
    /// The first line of the help overlay shown.
    public internal(set) var helpScroll = 0
    /// The sort column.
    public var sortColumn: SortColumn = .state
    /// Whether the sort is descending.
    public var sortDescending = true
    /// The filter text (see ``EndpointFilter``).
    public var filterText = ""
    /// Whether keys are being typed into the filter.
    public internal(set) var isEditingFilter = false
    /// Whether the display is frozen (polling goes on).
    public internal(set) var isFrozen = false
    /// The current theme's index in the catalog.
    public var themeIndex = 0
    /// How many themes the catalog has (for `t`).
    public var themeCount = 1
    /// The overlay shown, if any.
    public internal(set) var overlay: Overlay?
    /// The question awaiting y/N, if any.
    public internal(set) var pendingConfirmation: Confirmation?
    /// How often the screen is refreshed from the source.
    public internal(set) var refreshInterval: Duration
    /// Whether mouse reporting is on.
    public internal(set) var mouseEnabled: Bool

    /// The endpoints of the snapshot on screen.
    public private(set) var endpoints: [EndpointSnapshot] = []
    /// Display order: indices into ``endpoints`` after filtering and sorting.
    public private(set) var order: [Int] = []
    /// Whether every endpoint is paused (decides whether `P` pauses or resumes).
    public private(set) var pausedAll = false
    /// The layout of the last frame (page sizes, mouse hit-testing).
    public private(set) var layout = Layout(
        size: Size(width: 0, height: 0), focus: .endpoints, rateLimitCount: 0)
    /// Content sizes measured by the last frame, used to bound scrolling.
    public private(set) var measured = RenderStats()

    /// Refresh intervals `+` and `-` step through.
    public static let refreshSteps: [Duration] = [
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(5),
    ]

    /// Creates the initial state.
    public init(
        refreshInterval: Duration = .seconds(1), mouseEnabled: Bool = true, themeIndex: Int = 0,
        themeCount: Int = 1
    ) {
        self.refreshInterval = refreshInterval
        self.mouseEnabled = mouseEnabled
        self.themeIndex = themeIndex
        self.themeCount = max(1, themeCount)
    }

    /// The parsed filter.
    public var filter: EndpointFilter { EndpointFilter(filterText) }

    /// The endpoint under the selection, if any row is shown.
    public var selectedEndpoint: EndpointSnapshot? {
        guard order.indices.contains(selectedRow) else { return nil }
        return endpoints[order[selectedRow]]
    }

    /// Adopts the rows and layout about to be drawn: keeps the selection on the same endpoint
    /// (by name) when its row moved, clamps it when the endpoint vanished, and scrolls so the
    /// selection is visible.
    ///
    /// - Returns: the rows it replaced, for the caller to free off the drawing path (the last
    ///   reference to a 10,000-endpoint snapshot is about a millisecond and a half of `free`).
    @discardableResult
    public mutating func sync(
        endpoints: [EndpointSnapshot], order: [Int], pausedAll: Bool, layout: Layout
    ) -> [EndpointSnapshot] {
        let replaced = self.endpoints
        let previousIndex = self.order.indices.contains(selectedRow) ? self.order[selectedRow] : nil
        self.endpoints = endpoints
        self.order = order
        self.pausedAll = pausedAll
        self.layout = layout
        if let name = selectedName {
            let stillThere = order.indices.contains(selectedRow) && endpoints[order[selectedRow]].name == name
            if !stillThere,
                let row = Self.row(
                    named: name, endpoints: endpoints, order: order, previousIndex: previousIndex)
            {
                selectedRow = row
            }
        }
        selectRow(selectedRow)
        return replaced
    }

    /// The row of `order` showing the endpoint called `name`, if any.
    ///
    /// Names are unique, and a new snapshot lists the endpoints in the same (config) order, so
    /// the endpoint is nearly always at `previousIndex` of the new rows: then the row is found
    /// by comparing integers. Otherwise (a reload moved it) every row's name is compared, which
    /// at 10,000 endpoints is a 10,000-string search on a frame where the sort moved the
    /// selection.
    static func row(
        named name: String, endpoints: [EndpointSnapshot], order: [Int], previousIndex: Int?
    ) -> Int? {
        // Through the buffer: indexing the array copied each row out to read its name.
        endpoints.withUnsafeBufferPointer { endpoints in
            if let index = previousIndex, endpoints.indices.contains(index), endpoints[index].name == name,
                let row = order.firstIndex(of: index)
            {
                return row
            }
            return order.firstIndex { endpoints[$0].name == name }
        }
    }

    /// Adopts the content sizes the renderer measured, clamping every scroll position.
    public mutating func absorb(_ stats: RenderStats) {
        measured = stats
        detailScroll = clamp(detailScroll, stats.detailLines - stats.detailVisible)
        rateLimitScroll = clamp(rateLimitScroll, stats.rateLimitLines - stats.rateLimitVisible)
        eventScroll = clamp(eventScroll, stats.eventLines - stats.eventVisible)
        helpScroll = clamp(helpScroll, stats.helpLines - stats.helpVisible)
    }

    /// Moves the selection to `row` (clamped), remembering the endpoint's name, and scrolls the
    /// table so it is visible.
    mutating func selectRow(_ row: Int) {
        selectedRow = clamp(row, order.count - 1)
        selectedName = selectedEndpoint?.name
        let page = max(1, layout.endpointRows)
        if selectedRow < endpointScroll { endpointScroll = selectedRow }
        if selectedRow >= endpointScroll + page { endpointScroll = selectedRow - page + 1 }
        endpointScroll = clamp(endpointScroll, order.count - page)
    }

    /// Scrolls the table by `rows` without moving the selection off screen (mouse wheel).
    mutating func scrollTable(by rows: Int) {
        let page = max(1, layout.endpointRows)
        endpointScroll = clamp(endpointScroll + rows, order.count - page)
        if selectedRow < endpointScroll {
            selectRow(endpointScroll)
        } else if selectedRow >= endpointScroll + page {
            selectRow(endpointScroll + page - 1)
        }
    }

    func clamp(_ value: Int, _ upper: Int) -> Int { max(0, min(value, upper)) }
}
