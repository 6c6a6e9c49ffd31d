import Monitor
import Resilience

/// Timestamped transitions, operator actions, reloads and errors, newest at the bottom.
///
/// Follows new events unless scrolled back (``DashboardState/eventScroll`` > 0), like `less +F`.
enum EventsPane {
    /// Draws the pane; answers (events held, lines visible).
    static func draw(
        _ grid: inout CellGrid, rect: Rect, events: [Event], state: DashboardState, context: RenderContext
    ) -> (lines: Int, visible: Int) {
        var extra: [Segment] = []
        if state.eventScroll > 0 { extra.append(Segment("-\(state.eventScroll)", .muted)) }
        let inner = PaneFrame.draw(
            &grid, rect: rect, pane: .events, focused: state.focus == .events, glyphs: context.glyphs,
            extra: extra)
        guard inner.height > 0, inner.width > 0 else { return (events.count, 0) }
        guard !events.isEmpty else {
            grid.put("no events yet", x: inner.x + 1, y: inner.y, style: Style(.muted), clip: inner)
            return (0, inner.height)
        }
        let back = max(0, min(state.eventScroll, events.count - inner.height))
        let end = events.count - back
        let start = max(0, end - inner.height)
        for (offset, event) in events[start..<end].enumerated() {
            grid.put(line(event, context: context), x: inner.x + 1, y: inner.y + offset, clip: inner)
        }
        return (events.count, inner.height)
    }

    /// One event as a line: time, marker, endpoint, what happened.
    static func line(_ event: Event, context: RenderContext) -> StyledLine {
        let glyphs = context.glyphs
        var line = StyledLine(Format.clock(event.at, utcOffset: context.utcOffset) + " ", .eventTime)
        switch event.kind {
        case .transition(let from, let to):
            line.append(String(glyphs.glyph(for: to)) + " ", StyleRole.state(to), [.bold])
            if let endpoint = event.endpoint { line.append(endpoint + " ", .normal, [.bold]) }
            line.append(Glyphs.label(for: from), StyleRole.state(from))
            line.append(glyphs.transition, .muted)
            line.append(Glyphs.label(for: to), StyleRole.state(to))
            if !event.message.isEmpty { line.append(" " + event.message) }
            return line
        case .operatorAction:
            line.append(String(glyphs.operatorMark) + " ", .eventOperator, [.bold])
        case .reload(let accepted):
            line.append(String(glyphs.reloadMark) + " ", accepted ? .eventReload : .eventError, [.bold])
        case .error:
            line.append(String(glyphs.errorMark) + " ", .eventError, [.bold])
        case .info:
            line.append(String(glyphs.infoMark) + " ", .eventInfo)
        }
        // An operator action's message names its target and author itself
        // (`checkout reset by root (pid 4242)`).
        if let endpoint = event.endpoint, !event.isOperatorAction {
            line.append(endpoint + " ", .normal, [.bold])
        }
        let role: StyleRole =
            switch event.kind {
            case .error: .eventError
            case .reload(accepted: false): .eventError
            case .operatorAction: .eventOperator
            default: .normal
            }
        line.append(event.message, role)
        return line
    }
}

extension Event {
    fileprivate var isOperatorAction: Bool {
        if case .operatorAction = kind { return true }
        return false
    }
}
