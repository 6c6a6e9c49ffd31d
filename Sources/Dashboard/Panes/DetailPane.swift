import Monitor
import Resilience

/// The selected endpoint in depth: breaker, latency, requests, retries, last errors, policy.
///
/// Built as a list of ``StyledLine``s (see `DetailPane+Sections.swift`) and drawn from
/// ``DashboardState/detailScroll``, so the pane scrolls when focused (`2`, or `Enter` on a row).
enum DetailPane {
    /// Draws the pane; answers (content lines, visible lines).
    static func draw(
        _ grid: inout CellGrid, rect: Rect, state: DashboardState, context: RenderContext
    ) -> (lines: Int, visible: Int) {
        let focused = state.focus == .detail
        var extra: [Segment] = []
        if let endpoint = state.selectedEndpoint { extra.append(Segment(endpoint.name, .title)) }
        let inner = PaneFrame.draw(
            &grid, rect: rect, pane: .detail, focused: focused, glyphs: context.glyphs, extra: extra)
        guard inner.height > 0, inner.width > 0 else { return (0, 0) }
        guard let endpoint = state.selectedEndpoint else {
            grid.put("no endpoint selected", x: inner.x + 1, y: inner.y, style: Style(.muted), clip: inner)
            return (1, inner.height)
        }
        let content = lines(for: endpoint, width: inner.width - 1, context: context)
        let top = max(0, min(state.detailScroll, content.count - inner.height))
        for (offset, line) in content.dropFirst(top).prefix(inner.height).enumerated() {
            grid.put(line, x: inner.x + 1, y: inner.y + offset, clip: inner)
        }
        return (content.count, inner.height)
    }

    /// Every line of the detail for `endpoint`, for a pane `width` columns wide.
    static func lines(for endpoint: EndpointSnapshot, width: Int, context: RenderContext) -> [StyledLine] {
        var lines: [StyledLine] = []
        lines += identity(endpoint, context: context)
        lines += breaker(endpoint.breaker, context: context)
        lines += latency(endpoint, width: width, context: context)
        lines += counters(endpoint)
        lines += errors(endpoint.recentErrors, context: context)
        lines += policy(endpoint, context: context)
        return lines
    }

    static func heading(_ text: String) -> StyledLine { StyledLine(text, .tableHeader, [.bold]) }

    static func identity(_ endpoint: EndpointSnapshot, context: RenderContext) -> [StyledLine] {
        var first = StyledLine()
        first.append(endpoint.name, .normal, [.bold])
        if let group = endpoint.group { first.append("  group " + group, .muted) }
        if endpoint.paused { first.append("  PAUSED", .marker, [.bold]) }
        var lines = [first, StyledLine(endpoint.displayURL, .muted)]
        if endpoint.tlsVerifyDisabled {
            lines.append(
                StyledLine(
                    "\(context.glyphs.warningMark) tls_verify: false - certificates are not checked",
                    .warning,
                    [.bold]))
        }
        if let tls = endpoint.tls {
            // Under two weeks left is worth a warning colour whatever cert_valid_for says.
            let day = String(RFC3339.string(from: tls.notAfter).prefix(10))
            var line = StyledLine("cert ", .muted)
            line.append("\(tls.daysLeft) days left", tls.daysLeft < 14 ? .warning : .normal)
            line.append("  expires \(day)  \(tls.subject)  issuer \(tls.issuer)", .muted)
            lines.append(line)
        }
        return lines
    }
}
