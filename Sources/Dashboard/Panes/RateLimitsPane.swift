import Monitor

/// Each named rate limiter: permits available out of its burst (the bucket's size), queue depth
/// as a bar against `max_queue`, peak, time to the next permit, wait p99 and rejections.
enum RateLimitsPane {
    /// Draws the pane; answers (limiters, rows visible).
    static func draw(
        _ grid: inout CellGrid, rect: Rect, snapshot: Snapshot, state: DashboardState, context: RenderContext
    ) -> (lines: Int, visible: Int) {
        let limiters = snapshot.rateLimits
        let inner = PaneFrame.draw(
            &grid, rect: rect, pane: .rateLimits, focused: state.focus == .rateLimits, glyphs: context.glyphs,
            extra: limiters.isEmpty ? [] : [Segment("\(limiters.count)", .title)])
        guard inner.height > 0, inner.width > 0 else { return (0, 0) }
        guard !limiters.isEmpty else {
            grid.put(
                "no rate limiters configured", x: inner.x + 1, y: inner.y, style: Style(.muted), clip: inner)
            return (0, inner.height)
        }
        let columns = Columns(
            width: inner.width, longestName: limiters.map { DisplayWidth.of($0.name) }.max() ?? 4)
        drawHeadings(&grid, columns: columns, inner: inner)
        let rows = inner.height - 1
        guard rows > 0 else { return (limiters.count, 0) }
        let top = max(0, min(state.rateLimitScroll, limiters.count - rows))
        for (offset, limiter) in limiters.dropFirst(top).prefix(rows).enumerated() {
            drawRow(
                &grid, limiter: limiter, columns: columns, x: inner.x, y: inner.y + 1 + offset, clip: inner,
                glyphs: context.glyphs)
        }
        return (limiters.count, rows)
    }

    /// Column widths for a pane width: the name column as wide as the longest name (up to 20,
    /// leaving the bar at least 8), and the queue bar takes what is left.
    struct Columns {
        var name: Int
        var permits = 9
        var bar: Int
        var depth = 7
        var peak = 5
        var next = 6
        var wait = 6
        var rejected = 5
        var showExtras: Bool

        init(width: Int, longestName: Int) {
            showExtras = width >= 60
            let fixed = permits + depth + (showExtras ? peak + next + wait + rejected + 4 : 0) + 4
            let available = width - fixed
            name = max(4, min(longestName, 20, available - 8))
            bar = max(0, available - name)
        }
    }

    static func drawHeadings(_ grid: inout CellGrid, columns: Columns, inner: Rect) {
        grid.fill(Rect(x: inner.x, y: inner.y, width: inner.width, height: 1), style: Style(.tableHeader))
        var cells: [(String, Int, Alignment)] = [
            ("NAME", columns.name, .left), ("PERMITS", columns.permits, .right),
            ("QUEUE", columns.bar, .left),
            ("DEPTH", columns.depth, .right),
        ]
        if columns.showExtras {
            cells += [
                ("PEAK", columns.peak, .right), ("NEXT", columns.next, .right),
                ("WAIT99", columns.wait, .right),
                ("REJ", columns.rejected, .right),
            ]
        }
        var x = inner.x
        for (title, width, align) in cells {
            grid.put(
                title, x: x, y: inner.y, style: Style(.tableHeader, [.bold]), clip: inner, width: width,
                align: align)
            x += width + 1
        }
    }

    static func drawRow(
        _ grid: inout CellGrid, limiter: RateLimitSnapshot, columns: Columns, x: Int, y: Int, clip: Rect,
        glyphs: Glyphs
    ) {
        var column = x
        func cell(_ text: String, _ width: Int, _ role: StyleRole = .normal, _ align: Alignment = .right) {
            grid.put(text, x: column, y: y, style: Style(role), clip: clip, width: width, align: align)
            column += width + 1
        }
        cell(limiter.name, columns.name, .normal, .left)
        cell(Format.fixed(limiter.permitsAvailable, 1) + "/\(limiter.burst)", columns.permits)
        let fraction =
            limiter.maxQueue > 0 ? min(1, Double(limiter.queueDepth) / Double(limiter.maxQueue)) : 0
        let filled = limiter.queueDepth > 0 ? max(1, Int((fraction * Double(columns.bar)).rounded())) : 0
        let barRole: StyleRole = fraction >= 0.8 ? .barWarn : .bar
        if columns.bar > 0 {
            grid.put(
                String(repeating: glyphs.barFull, count: min(filled, columns.bar)), x: column, y: y,
                style: Style(barRole), clip: clip)
            grid.put(
                String(repeating: glyphs.barEmpty, count: max(0, columns.bar - filled)), x: column + filled,
                y: y,
                style: Style(.barEmpty), clip: clip)
            column += columns.bar + 1
        }
        cell("\(limiter.queueDepth)/\(limiter.maxQueue)", columns.depth, fraction >= 0.8 ? .warn : .normal)
        if columns.showExtras {
            cell(String(limiter.queuePeak), columns.peak, .muted)
            cell(
                limiter.timeToNextPermit > .zero ? Format.duration(limiter.timeToNextPermit) : "now",
                columns.next)
            cell(Format.milliseconds(limiter.waitP99Ms), columns.wait)
            cell(Format.count(limiter.rejected), columns.rejected, limiter.rejected > 0 ? .bad : .muted)
        }
    }
}
