extension CellGrid {
    /// Calls `body` for every cell that must be written to turn a screen showing `previous`
    /// into one showing `self`: all of them when there is no previous frame or its size
    /// differs, otherwise only the cells that changed.
    ///
    /// This is the painter's whole decision of what to send (ncurses then sends the minimum for
    /// those cells), kept pure so that tests can check it and the benchmark can time it.
    /// Continuation cells (the right half of a wide grapheme) are never reported; a wide
    /// grapheme is reported again when only its right half changed, because the terminal must
    /// redraw it whole.
    public func forEachChange(from previous: CellGrid?, _ body: (_ x: Int, _ y: Int, _ cell: Cell) -> Void) {
        let old = previous.flatMap { $0.width == width && $0.height == height ? $0 : nil }
        // Unsafe buffers: indexing the arrays directly retained and released them per cell,
        // which was most of the diff's cost.
        cells.withUnsafeBufferPointer { new in
            guard let old else {
                for index in new.indices where !new[index].isContinuation {
                    body(index % width, index / width, new[index])
                }
                return
            }
            old.cells.withUnsafeBufferPointer { old in
                for y in 0..<height {
                    let base = y * width
                    for x in 0..<width {
                        let index = base + x
                        let cell = new[index]
                        if cell.isContinuation { continue }
                        if old[index] == cell {
                            // A wide grapheme must be rewritten when its second half changed.
                            guard cell.width == 2, x + 1 < width, old[index + 1] != new[index + 1] else {
                                continue
                            }
                        }
                        body(x, y, cell)
                    }
                }
            }
        }
    }

    /// How many cells ``forEachChange(from:_:)`` would report.
    public func changeCount(from previous: CellGrid?) -> Int {
        var count = 0
        forEachChange(from: previous) { _, _, _ in count += 1 }
        return count
    }
}
