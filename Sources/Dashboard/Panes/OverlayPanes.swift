/// The help overlay, the y/N confirmation prompt and the "terminal too small" message.
enum OverlayPanes {
    /// Draws the help box centred over the panes; answers (content lines, visible lines).
    static func help(_ grid: inout CellGrid, state: DashboardState, context: RenderContext) -> (
        lines: Int, visible: Int
    ) {
        var lines: [StyledLine] = []
        let sections = KeyHelp.sections(glyphs: context.glyphs)
        let keyWidth = 14
        for section in sections {
            if !lines.isEmpty { lines.append(.blank) }
            lines.append(StyledLine(section.title, .tableHeader, [.bold]))
            for entry in section.entries {
                let pad = String(repeating: " ", count: max(1, keyWidth - grid.measure(entry.keys)))
                var line = StyledLine("  ")
                line.append(entry.keys, .keyBarKey, [.bold])
                line.append(pad + entry.help, .overlay)
                lines.append(line)
            }
        }
        lines.append(.blank)
        lines.append(
            StyledLine(
                "theme: \(context.themeName)  refresh: \(Format.duration(state.refreshInterval))", .muted))
        let width = min(grid.width - 2, 72)
        let height = min(grid.height - 2, lines.count + 2)
        let box = Rect(
            x: (grid.width - width) / 2, y: (grid.height - height) / 2, width: width, height: height)
        let inner = box.inset(by: 1)
        drawBox(&grid, box, title: " Help ", glyphs: context.glyphs)
        let top = max(0, min(state.helpScroll, lines.count - inner.height))
        for (offset, line) in lines.dropFirst(top).prefix(inner.height).enumerated() {
            grid.put(line, x: inner.x + 1, y: inner.y + offset, clip: inner)
        }
        return (lines.count, inner.height)
    }

    /// Draws the confirmation prompt for `confirmation`.
    static func confirm(_ grid: inout CellGrid, _ confirmation: Confirmation, context: RenderContext) {
        let question = confirmation.question + "  [y/N]"
        let width = min(grid.width - 2, grid.measure(question) + 6)
        let box = Rect(x: (grid.width - width) / 2, y: grid.height / 2 - 2, width: width, height: 5)
        drawBox(&grid, box, title: " Confirm ", glyphs: context.glyphs)
        let inner = box.inset(by: 1)
        grid.put(question, x: inner.x + 2, y: inner.y + 1, style: Style(.prompt, [.bold]), clip: inner)
    }

    /// The whole screen when it is below ``Layout/minimumSize``.
    static func tooSmall(_ grid: inout CellGrid) {
        let need = Layout.minimumSize
        let times = grid.asciiOnly ? "x" : "×"
        let message = "terminal too small: need \(need.width)\(times)\(need.height)"
        let now = "(now \(grid.width)\(times)\(grid.height))"
        let y = max(0, grid.height / 2 - 1)
        let x = max(0, (grid.width - grid.measure(message)) / 2)
        if grid.measure(message) <= grid.width {
            grid.put(message, x: x, y: y, style: Style(.warning, [.bold]))
        } else {
            // Narrower than the sentence: wrap it word by word.
            var row = 0
            var line = ""
            for word in message.split(separator: " ") {
                let candidate = line.isEmpty ? String(word) : line + " " + word
                if grid.measure(candidate) > grid.width, !line.isEmpty {
                    grid.put(line, x: 0, y: row, style: Style(.warning, [.bold]))
                    row += 1
                    line = String(word)
                } else {
                    line = candidate
                }
            }
            grid.put(line, x: 0, y: row, style: Style(.warning, [.bold]))
            return
        }
        grid.put(now, x: max(0, (grid.width - grid.measure(now)) / 2), y: y + 1, style: Style(.muted))
    }

    static func drawBox(_ grid: inout CellGrid, _ box: Rect, title: String, glyphs: Glyphs) {
        guard box.width >= 2, box.height >= 2 else { return }
        grid.fill(box, style: Style(.overlay))
        let horizontal = String(repeating: glyphs.horizontal, count: box.width - 2)
        let border = Style(.borderFocused)
        grid.put(
            String(glyphs.topLeft) + horizontal + String(glyphs.topRight), x: box.x, y: box.y, style: border)
        grid.put(
            String(glyphs.bottomLeft) + horizontal + String(glyphs.bottomRight), x: box.x, y: box.maxY - 1,
            style: border)
        for row in (box.y + 1)..<(box.maxY - 1) {
            grid.put(glyphs.vertical, x: box.x, y: row, style: border)
            grid.put(glyphs.vertical, x: box.maxX - 1, y: row, style: border)
        }
        grid.put(title, x: box.x + 2, y: box.y, style: Style(.titleFocused, [.bold]), clip: box)
    }
}
