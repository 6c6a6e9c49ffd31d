import Monitor
import Resilience

/// The main table: one row per endpoint in display order, only the visible rows drawn.
///
/// Cost is proportional to the rows on screen, not to the endpoints configured: 10,000
/// endpoints with 40 visible rows format 40 rows (``RenderStats/endpointRowsRendered``).
enum EndpointsPane {
    /// Draws the table into `rect` and answers how many endpoint rows it drew; `longestName` is
    /// the snapshot's longest name in UTF-8 bytes (``SnapshotSummary/longestName``).
    static func draw(
        _ grid: inout CellGrid, rect: Rect, snapshot: Snapshot, longestName: Int, state: DashboardState,
        context: RenderContext
    ) -> Int {
        let focused = state.focus == .endpoints
        let inner = PaneFrame.draw(
            &grid, rect: rect, pane: .endpoints, focused: focused, glyphs: context.glyphs,
            extra: titleExtra(state: state, total: snapshot.endpoints.count, glyphs: context.glyphs))
        guard inner.height >= 1, inner.width >= 1 else { return 0 }
        let columns = EndpointColumn.fit(width: inner.width, longestName: max(4, longestName))
        drawHeadings(&grid, columns: columns, inner: inner, state: state, glyphs: context.glyphs)
        let rows = inner.height - 1
        guard rows > 0 else { return 0 }
        if state.order.isEmpty {
            let message =
                snapshot.endpoints.isEmpty
                ? "no endpoints configured" : "no endpoint matches \"\(state.filterText)\" (Esc clears)"
            grid.put(message, x: inner.x + 1, y: inner.y + 1, style: Style(.muted), clip: inner)
            return 0
        }
        var queueDepths: [String: Int] = [:]
        for limiter in snapshot.rateLimits { queueDepths[limiter.name] = limiter.queueDepth }
        var drawn = 0
        let first = state.endpointScroll
        let last = min(state.order.count, first + rows)
        for row in first..<last {
            let endpoint = state.endpoints[state.order[row]]
            let y = inner.y + 1 + row - first
            let selected = row == state.selectedRow
            drawRow(
                &grid, endpoint: endpoint, columns: columns, x: inner.x, y: y, clip: inner,
                queueDepths: queueDepths, context: context)
            if selected {
                highlight(&grid, columns: columns, x: inner.x, y: y, width: inner.width, focused: focused)
            }
            drawn += 1
        }
        return drawn
    }

    static func titleExtra(state: DashboardState, total: Int, glyphs: Glyphs) -> [Segment] {
        var extra: [Segment] = []
        let shown = state.order.count
        extra.append(Segment(shown == total ? "\(total)" : "\(shown)/\(total)", .title))
        let arrow = state.sortDescending ? glyphs.sortDescending : glyphs.sortAscending
        extra.append(Segment(" sort:\(state.sortColumn.rawValue)\(arrow)", .muted))
        if state.isEditingFilter {
            extra.append(Segment(" /", .filter))
            extra.append(Segment(state.filterText, .filter, [.bold]))
            extra.append(Segment("_", .filter, [.reverse]))
        } else if !state.filterText.isEmpty {
            extra.append(Segment(" filter:", .muted))
            extra.append(Segment(state.filterText, .filter, [.bold]))
        }
        return extra
    }

    static func drawHeadings(
        _ grid: inout CellGrid, columns: [EndpointColumn], inner: Rect, state: DashboardState, glyphs: Glyphs
    ) {
        grid.fill(Rect(x: inner.x, y: inner.y, width: inner.width, height: 1), style: Style(.tableHeader))
        var x = inner.x
        for column in columns {
            let sorted = column.sort == state.sortColumn
            var title = column.title
            if sorted {
                title += String(state.sortDescending ? glyphs.sortDescending : glyphs.sortAscending)
            }
            grid.put(
                title, x: x, y: inner.y, style: Style(sorted ? .tableHeaderSorted : .tableHeader, [.bold]),
                clip: inner, width: column.width, align: column.align)
            x += column.width + 1
        }
    }

    static func drawRow(
        _ grid: inout CellGrid, endpoint: EndpointSnapshot, columns: [EndpointColumn], x: Int, y: Int,
        clip: Rect, queueDepths: [String: Int], context: RenderContext
    ) {
        var column = x
        for spec in columns {
            let cell = Rect(x: column, y: y, width: spec.width, height: 1).intersection(clip)
            switch spec.id {
            case .spark:
                let cells = Sparkline.cells(
                    endpoint.recentLatencyMs, width: spec.width, glyphs: context.glyphs,
                    mode: context.sparkline)
                var sx = column + spec.width - cells.count
                for sample in cells {
                    grid.put(
                        sample.glyph, naturalWidth: DisplayWidth.of(sample.glyph), x: sx, y: y,
                        style: Style(sample.role), clip: cell)
                    sx += 1
                }
            default:
                for segment in segments(
                    spec.id, endpoint, queueDepths: queueDepths, context: context, width: spec.width)
                {
                    grid.put(
                        segment.text, x: column, y: y, style: segment.style, clip: cell, width: spec.width,
                        align: spec.align)
                }
            }
            column += spec.width + 1
        }
    }

    /// The text of one cell; the state column answers two segments (glyph, then word).
    static func segments(
        _ id: EndpointColumn.ID, _ endpoint: EndpointSnapshot, queueDepths: [String: Int],
        context: RenderContext,
        width: Int
    ) -> [Segment] {
        let breaker = endpoint.breaker
        switch id {
        case .state:
            let role = StyleRole.state(breaker.state)
            let glyph = String(context.glyphs.glyph(for: breaker.state))
            if width < 3 { return [Segment(glyph, role, [.bold])] }
            return [Segment(glyph + " " + Glyphs.word(for: breaker.state), role, [.bold])]
        case .name:
            return [Segment(endpoint.name, endpoint.paused ? .muted : .normal)]
        case .group:
            return [Segment(endpoint.group ?? "-", .muted)]
        case .success:
            let ratio = endpoint.requests.successRatio
            let role: StyleRole = ratio.map { $0 < 0.9 ? .bad : ($0 < 0.99 ? .warn : .normal) } ?? .muted
            return [Segment(Format.percent(ratio), role)]
        case .rate:
            return [Segment(Format.rate(endpoint.requests.perSecond))]
        case .retries:
            return [
                Segment(Format.count(endpoint.retries.total), endpoint.retries.total > 0 ? .warn : .muted)
            ]
        case .queue:
            guard let name = endpoint.rateLimitName, let depth = queueDepths[name] else {
                return [Segment("-", .muted)]
            }
            return [Segment(Format.count(depth), depth > 0 ? .warn : .normal)]
        case .p50: return [latency(endpoint.latency.p50, endpoint.latency.count)]
        case .p90: return [latency(endpoint.latency.p90, endpoint.latency.count)]
        case .p99: return [latency(endpoint.latency.p99, endpoint.latency.count)]
        case .last: return [last(endpoint)]
        case .spark: return []
        }
    }

    static func latency(_ value: Double, _ count: Int) -> Segment {
        count == 0 ? Segment("-", .muted) : Segment(Format.milliseconds(value))
    }

    /// The last column: the trial countdown for open breakers, the ledger for half-open ones,
    /// otherwise the last status or error kind.
    static func last(_ endpoint: EndpointSnapshot) -> Segment {
        let breaker = endpoint.breaker
        if endpoint.paused { return Segment("paused", .marker) }
        switch breaker.state {
        case .open:
            guard let due = breaker.probeDueIn else { return Segment("open", .stateOpen) }
            return due > .zero
                ? Segment("trial in " + Format.countdown(due), .stateOpen) : Segment("probe due", .stateOpen)
        case .halfOpen:
            if let ledger = breaker.halfOpen {
                return Segment("trial \(ledger.succeeded)/\(ledger.permitted) ok", .stateHalfOpen)
            }
        default:
            break
        }
        guard let last = endpoint.last else { return Segment("-", .muted) }
        // A status the check did not accept reads better as the code (`503`) than as `status`.
        if let error = last.error, error.kind == .status, let status = last.status {
            return Segment(String(status), .bad)
        }
        if let error = last.error { return Segment(error.kind.rawValue, .bad) }
        if let status = last.status { return Segment(String(status), status >= 400 ? .bad : .normal) }
        // A tcp:// or tls:// check has no status: it connected.
        return Segment("ok", .normal)
    }

    /// Restyles the selected row, leaving the state cell in its own colour.
    static func highlight(
        _ grid: inout CellGrid, columns: [EndpointColumn], x: Int, y: Int, width: Int, focused: Bool
    ) {
        let stateWidth = columns.first(where: { $0.id == .state })?.width ?? 0
        let style = Style(focused ? .selection : .selectionInactive)
        grid.restyle(Rect(x: x + stateWidth, y: y, width: width - stateWidth, height: 1), style: style)
    }
}
