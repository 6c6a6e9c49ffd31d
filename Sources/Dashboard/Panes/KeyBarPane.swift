/// The bottom line: the keys that work in the current focus and mode.
///
/// Entries that do not fit are dropped from the middle, keeping the first ones (movement) and
/// the last two (`? help`, `q quit`) so that help is always one key away.
enum KeyBarPane {
    /// Draws the key bar into `rect` (one row).
    static func draw(_ grid: inout CellGrid, rect: Rect, state: DashboardState, context: RenderContext) {
        guard !rect.isEmpty else { return }
        grid.fill(rect, style: Style(.keyBar))
        var pairs = KeyHelp.bar(for: state, glyphs: context.glyphs)
        func width(_ pairs: [(String, String)]) -> Int {
            pairs.reduce(0) { $0 + grid.measure($1.0) + grid.measure($1.1) + 3 }
        }
        let keepTail = min(2, pairs.count)
        while pairs.count > keepTail + 1, width(pairs) > rect.width - 1 {
            pairs.remove(at: pairs.count - keepTail - 1)
        }
        var line = StyledLine(" ", .keyBar)
        for (key, label) in pairs {
            line.append(key, .keyBarKey, [.bold])
            line.append(" " + label + "  ", .keyBar)
        }
        grid.put(line, x: rect.x, y: rect.y, clip: rect)
    }
}
