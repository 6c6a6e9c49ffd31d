/// Draws a pane's border and title; every pane sits inside one.
///
/// The title starts with the pane's focus key (`[1] Endpoints`), so the digit that jumps there
/// is always on screen; the focused pane's border and title use the `*_focused` roles.
enum PaneFrame {
    /// Draws the frame of `pane` in `rect` and answers the inside.
    static func draw(
        _ grid: inout CellGrid, rect: Rect, pane: Focus, focused: Bool, glyphs: Glyphs, extra: [Segment] = []
    ) -> Rect {
        guard rect.width >= 2, rect.height >= 2 else {
            return Rect(x: rect.x, y: rect.y, width: 0, height: 0)
        }
        let border = Style(focused ? .borderFocused : .border)
        grid.fill(rect, style: .normal)
        let horizontal = String(repeating: glyphs.horizontal, count: rect.width - 2)
        grid.put(
            String(glyphs.topLeft) + horizontal + String(glyphs.topRight), x: rect.x, y: rect.y, style: border
        )
        grid.put(
            String(glyphs.bottomLeft) + horizontal + String(glyphs.bottomRight), x: rect.x, y: rect.maxY - 1,
            style: border)
        for row in (rect.y + 1)..<(rect.maxY - 1) {
            grid.put(glyphs.vertical, x: rect.x, y: row, style: border)
            grid.put(glyphs.vertical, x: rect.maxX - 1, y: row, style: border)
        }
        var title = StyledLine()
        title.append(" [\(pane.key)] ", focused ? .titleFocused : .title)
        title.append(pane.title + " ", focused ? .titleFocused : .title, [.bold])
        title.segments += extra
        if !extra.isEmpty { title.append(" ", focused ? .titleFocused : .title) }
        let titleClip = Rect(x: rect.x + 1, y: rect.y, width: rect.width - 2, height: 1)
        grid.put(title, x: rect.x + 1, y: rect.y, clip: titleClip)
        return rect.inset(by: 1)
    }
}
