@testable import Dashboard

extension CellGrid {
    /// Whether any row contains `needle`.
    func contains(_ needle: String) -> Bool { row(containing: needle) != nil }

    /// The first row containing `needle`.
    func row(containing needle: String) -> Int? {
        (0..<height).first { text(row: $0).contains(needle) }
    }

    /// Every scalar of every cell.
    var scalars: [Unicode.Scalar] { cells.flatMap { Array($0.character.unicodeScalars) } }

    /// Whether every cell is printable ASCII.
    var isAllASCII: Bool { scalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F } }

    /// Whether any cell holds a C0/C1 control, DEL or ESC.
    var hasControlCharacters: Bool {
        scalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }
    }

    /// The role of the first cell of the first occurrence of `needle`.
    func role(of needle: String) -> StyleRole? {
        guard let y = row(containing: needle) else { return nil }
        var columns: [Int] = []
        for x in 0..<width where !self[x, y].isContinuation { columns.append(x) }
        let line = Array(text(row: y))
        let target = Array(needle)
        guard target.count <= line.count else { return nil }
        for start in 0...(line.count - target.count)
        where Array(line[start..<(start + target.count)]) == target {
            return self[columns[start], y].role
        }
        return nil
    }
}

extension CellGrid {
    /// The role of the first cell of `needle` in the first row that also contains `rowMarker`.
    func role(of needle: String, inRowContaining rowMarker: String) -> StyleRole? {
        guard
            let y = (0..<height).first(where: {
                text(row: $0).contains(rowMarker) && text(row: $0).contains(needle)
            })
        else { return nil }
        var columns: [Int] = []
        for x in 0..<width where !self[x, y].isContinuation { columns.append(x) }
        let line = Array(text(row: y))
        let target = Array(needle)
        for start in 0...(line.count - target.count)
        where Array(line[start..<(start + target.count)]) == target {
            return self[columns[start], y].role
        }
        return nil
    }
}
