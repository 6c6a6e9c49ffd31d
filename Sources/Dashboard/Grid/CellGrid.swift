/// A width×height screen of ``Cell``s: what the panes draw into and the terminal paints.
///
/// Pure data: the whole layout can be rendered and inspected without a terminal. Every string
/// enters through ``put(_:x:y:style:clip:width:align:)``, which sanitises it (see
/// ``DisplaySanitizer``), measures it by display width, clips it, and in ASCII mode replaces any
/// non-ASCII grapheme with `?`, so no control sequence or stray glyph can reach the terminal.
public struct CellGrid: Sendable, Equatable {
    /// Columns.
    public let width: Int
    /// Rows.
    public let height: Int
    /// Row-major cells.
    public private(set) var cells: [Cell]
    /// Whether only ASCII may be drawn (`--ascii` or a non-UTF-8 locale).
    public let asciiOnly: Bool

    /// Creates a grid filled with blank `normal` cells.
    public init(size: Size, asciiOnly: Bool = false) {
        self.width = size.width
        self.height = size.height
        self.asciiOnly = asciiOnly
        self.cells = Array(repeating: Cell.blank(), count: size.width * size.height)
    }

    /// The grid's size.
    public var size: Size { Size(width: width, height: height) }
    /// The whole grid as a rectangle.
    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    /// The cell at (`x`, `y`); out-of-range reads answer a blank cell.
    public subscript(x: Int, y: Int) -> Cell {
        guard x >= 0, x < width, y >= 0, y < height else { return Cell.blank() }
        return cells[y * width + x]
    }

    /// Fills `rect` (clipped to the grid) with blanks in `style`.
    public mutating func fill(_ rect: Rect, style: Style = .normal, character: Character = " ") {
        fill(rect, style: style, glyph: Glyph(character))
    }

    /// Fills `rect` (clipped to the grid) with `glyph` in `style`.
    mutating func fill(_ rect: Rect, style: Style, glyph: Glyph) {
        let area = rect.intersection(bounds)
        guard !area.isEmpty else { return }
        let cell = Cell(glyph: glyph, role: style.role, attributes: style.attributes)
        let width = self.width
        // One buffer access for the whole rectangle (`area` lies inside the grid): indexing
        // the array checked uniqueness and bounds once per cell.
        cells.withUnsafeMutableBufferPointer { cells in
            for row in area.y..<area.maxY {
                let base = row * width
                UnsafeMutableBufferPointer(rebasing: cells[(base + area.x)..<(base + area.maxX)])
                    .update(repeating: cell)
                Self.repairEdges(cells, width: width, row: row, from: area.x, to: area.maxX)
            }
        }
    }

    /// Changes the style of the cells of `rect` without touching their characters.
    public mutating func restyle(_ rect: Rect, style: Style) {
        let area = rect.intersection(bounds)
        guard !area.isEmpty else { return }
        let width = self.width
        cells.withUnsafeMutableBufferPointer { cells in
            for row in area.y..<area.maxY {
                for column in area.x..<area.maxX {
                    cells[row * width + column].role = style.role
                    cells[row * width + column].attributes = style.attributes
                }
            }
        }
    }

    /// Writes one grapheme at (`x`, `y`) if it fits inside `clip`; answers the columns used.
    @discardableResult
    public mutating func put(_ character: Character, x: Int, y: Int, style: Style, clip: Rect? = nil) -> Int {
        let glyph = Glyph(character)
        // A grapheme that may have lost scalars to the glyph's limit is measured whole.
        let width =
            glyph.scalarCount < Glyph.maximumScalars ? DisplayWidth.of(glyph) : DisplayWidth.of(character)
        return put(glyph, naturalWidth: width, x: x, y: y, style: style, clip: clip)
    }

    /// Writes one glyph of display width `naturalWidth` (``DisplayWidth``'s answer for it) at
    /// (`x`, `y`) if it fits inside `clip`; answers the columns used.
    @discardableResult
    mutating func put(_ glyph: Glyph, naturalWidth: Int, x: Int, y: Int, style: Style, clip: Rect? = nil)
        -> Int
    {
        let area = (clip ?? bounds).intersection(bounds)
        guard y >= area.y, y < area.maxY, x >= area.x else { return 0 }
        var glyph = glyph
        var cellWidth = naturalWidth
        if cellWidth == 0 { return 0 }
        if asciiOnly, !glyph.isASCII {
            glyph = Glyph(ascii: 0x3F)  // ?
            cellWidth = 1
        }
        guard x + cellWidth <= area.maxX else {
            // A wide grapheme that does not fit is replaced by a space, like terminals do.
            if x < area.maxX {
                setCell(x: x, y: y, Cell(glyph: .space, role: style.role, attributes: style.attributes))
            }
            return x < area.maxX ? 1 : 0
        }
        setCell(
            x: x, y: y,
            Cell(glyph: glyph, role: style.role, attributes: style.attributes, width: UInt8(cellWidth)))
        if cellWidth == 2 {
            setCell(
                x: x + 1, y: y, Cell(glyph: .space, role: style.role, attributes: style.attributes, width: 0))
        }
        return cellWidth
    }

    /// Stores a cell, blanking the other half of any wide grapheme it overwrites.
    mutating func setCell(x: Int, y: Int, _ cell: Cell) {
        let width = self.width
        cells.withUnsafeMutableBufferPointer { Self.store(cell, x: x, row: y, width: width, in: $0) }
    }

    /// Writes cells along row `y` through one buffer access (a text run): indexing the array
    /// checked uniqueness and bounds for every cell. `body` gets a store function taking the
    /// column and the cell, with ``setCell(x:y:_:)``'s rules and bounds check.
    mutating func withRow<Result>(
        _ y: Int, _ body: (_ store: (_ x: Int, _ cell: Cell) -> Void) -> Result
    ) -> Result {
        let width = self.width
        return cells.withUnsafeMutableBufferPointer { cells in
            body { x, cell in Self.store(cell, x: x, row: y, width: width, in: cells) }
        }
    }

    /// ``setCell(x:y:_:)`` on a buffer of rows `width` cells wide.
    @inline(__always)
    private static func store(
        _ cell: Cell, x: Int, row y: Int, width: Int, in cells: UnsafeMutableBufferPointer<Cell>
    ) {
        let index = y * width + x
        // The buffer does not check its bounds in release builds; this does, for the cell and
        // for the neighbours below (which stay on row `y`).
        precondition(x >= 0 && x < width && index >= 0 && index < cells.count, "cell outside the grid")
        let old = cells[index]
        if old.isContinuation, x > 0, cells[index - 1].width == 2 {
            cells[index - 1].glyph = .space
            cells[index - 1].width = 1
        }
        if old.width == 2, cell.width != 2, x + 1 < width {
            cells[index + 1].glyph = .space
            cells[index + 1].width = 1
        }
        cells[index] = cell
    }

    /// After a bulk fill of columns `from..<to`, repairs wide graphemes cut at either edge.
    private static func repairEdges(
        _ cells: UnsafeMutableBufferPointer<Cell>, width: Int, row: Int, from: Int, to: Int
    ) {
        let base = row * width
        if from > 0, cells[base + from - 1].width == 2 {
            cells[base + from - 1].glyph = .space
            cells[base + from - 1].width = 1
        }
        if to < width, cells[base + to].isContinuation {
            cells[base + to].glyph = .space
            cells[base + to].width = 1
        }
    }

    /// Row `y` as plain text (continuation cells omitted), for tests and text captures.
    public func text(row y: Int) -> String {
        guard y >= 0, y < height else { return "" }
        var line = ""
        for x in 0..<width where !cells[y * width + x].isContinuation {
            line.append(cells[y * width + x].character)
        }
        return line
    }

    /// The whole grid as text, one line per row, trailing spaces kept.
    public var text: String {
        (0..<height).map { text(row: $0) }.joined(separator: "\n")
    }
}

extension CellGrid: CustomStringConvertible {
    /// The grid as text (what a test failure or a debugger should show, not every cell).
    public var description: String { "\n" + text }
}
