import Testing

@testable import Dashboard

@Suite struct CellGridDiffTests {
    private func changes(_ grid: CellGrid, from previous: CellGrid?) -> [String] {
        var found: [String] = []
        grid.forEachChange(from: previous) { x, y, cell in found.append("\(x),\(y):\(cell.character)") }
        return found
    }

    @Test func firstFrameWritesEveryCell() {
        var grid = CellGrid(size: Size(width: 4, height: 2))
        grid.put("ab", x: 0, y: 0, style: .normal)
        #expect(grid.changeCount(from: nil) == 8)
    }

    @Test func identicalFramesWriteNothing() {
        var grid = CellGrid(size: Size(width: 10, height: 3))
        grid.put("hello", x: 1, y: 1, style: Style(.bad))
        #expect(grid.changeCount(from: grid) == 0)
    }

    @Test func onlyChangedCellsAreWritten() {
        var before = CellGrid(size: Size(width: 10, height: 2))
        before.put("12:00:00", x: 2, y: 0, style: .normal)
        var after = before
        after.put("12:00:01", x: 2, y: 0, style: .normal)
        #expect(changes(after, from: before) == ["9,0:1"])
    }

    @Test func aStyleChangeAloneIsAChange() {
        var before = CellGrid(size: Size(width: 5, height: 1))
        before.put("ab", x: 0, y: 0, style: .normal)
        var after = before
        after.restyle(Rect(x: 1, y: 0, width: 1, height: 1), style: Style(.selection))
        #expect(changes(after, from: before) == ["1,0:b"])
    }

    @Test func aResizedFrameIsWrittenWhole() {
        let before = CellGrid(size: Size(width: 4, height: 2))
        let after = CellGrid(size: Size(width: 5, height: 2))
        #expect(after.changeCount(from: before) == 10)
    }

    @Test func wideGraphemesAreWrittenWholeAndOnce() {
        var before = CellGrid(size: Size(width: 6, height: 1))
        before.put("日本", x: 0, y: 0, style: .normal)
        #expect(changes(before, from: nil) == ["0,0:日", "2,0:本", "4,0: ", "5,0: "])
        // Only the right half's style changes: the grapheme is rewritten from its first cell.
        var after = before
        after.restyle(Rect(x: 3, y: 0, width: 1, height: 1), style: Style(.bad))
        #expect(changes(after, from: before) == ["2,0:本"])
    }
}
