import Testing

@testable import Dashboard

@Suite struct CellGridTests {
    @Test func putWritesTextAndAnswersColumnsUsed() {
        var grid = CellGrid(size: Size(width: 10, height: 2))
        let used = grid.put("hello", x: 1, y: 0, style: Style(.bad))
        #expect(used == 5)
        #expect(grid.text(row: 0) == " hello    ")
        #expect(grid[1, 0].role == .bad)
        #expect(grid[0, 0].role == .normal)
    }

    @Test func clipStopsAtTheRectangle() {
        var grid = CellGrid(size: Size(width: 10, height: 1))
        grid.put("abcdefgh", x: 2, y: 0, style: .normal, clip: Rect(x: 2, y: 0, width: 3, height: 1))
        #expect(grid.text(row: 0) == "  abc     ")
    }

    @Test func longTextEndsWithAnEllipsis() {
        var grid = CellGrid(size: Size(width: 12, height: 1))
        grid.put("a-very-long-endpoint-name", x: 0, y: 0, style: .normal, width: 10)
        #expect(grid.text(row: 0) == "a-very-lo…  ")
    }

    @Test func asciiEllipsisIsATilde() {
        var grid = CellGrid(size: Size(width: 6, height: 1), asciiOnly: true)
        grid.put("abcdefgh", x: 0, y: 0, style: .normal, width: 6)
        #expect(grid.text(row: 0) == "abcde~")
    }

    @Test func rightAlignmentPadsOnTheLeft() {
        var grid = CellGrid(size: Size(width: 6, height: 1))
        grid.put("42", x: 0, y: 0, style: .normal, width: 6, align: .right)
        #expect(grid.text(row: 0) == "    42")
    }

    @Test func wideCharactersTakeTwoCells() {
        var grid = CellGrid(size: Size(width: 8, height: 1))
        let used = grid.put("東京x", x: 0, y: 0, style: .normal)
        #expect(used == 5)
        #expect(grid[0, 0].width == 2)
        #expect(grid[1, 0].isContinuation)
        #expect(grid[4, 0].character == "x")
        #expect(grid.text(row: 0) == "東京x   ")
    }

    @Test func wideCharacterThatDoesNotFitBecomesASpace() {
        var grid = CellGrid(size: Size(width: 3, height: 1))
        grid.put("a東京", x: 0, y: 0, style: .normal)
        #expect(grid.text(row: 0) == "a東 " || grid.text(row: 0) == "a東")
        #expect(grid[1, 0].width == 2)
        #expect(!grid[2, 0].isContinuation || grid[1, 0].width == 2)
    }

    @Test func truncatingWideTextNeverSplitsACharacter() {
        var grid = CellGrid(size: Size(width: 6, height: 1))
        grid.put("東京大阪名古屋", x: 0, y: 0, style: .normal, width: 6)
        // 5 columns of text at most, ending on a whole character, then the ellipsis.
        #expect(grid.text(row: 0).hasSuffix("…"))
        #expect(grid.measure(grid.text(row: 0)) == 6)
    }

    @Test func overwritingHalfAWideCharacterBlanksTheOtherHalf() {
        var grid = CellGrid(size: Size(width: 4, height: 1))
        grid.put("東", x: 0, y: 0, style: .normal)
        grid.put("x", x: 1, y: 0, style: .normal)
        #expect(grid[0, 0].character == " ")
        #expect(grid[0, 0].width == 1)
        #expect(grid[1, 0].character == "x")
    }

    @Test func asciiModeReplacesEveryNonASCIIGrapheme() {
        var grid = CellGrid(size: Size(width: 20, height: 1), asciiOnly: true)
        grid.put("a≥b→c東d●", x: 0, y: 0, style: .normal)
        #expect(grid.isAllASCII)
        #expect(grid.text(row: 0).hasPrefix("a>=b->c?d?"))
    }

    @Test func controlCharactersNeverReachTheGrid() {
        var grid = CellGrid(size: Size(width: 40, height: 1))
        grid.put(
            "a\u{1B}[31mred\u{1B}[0m\u{07}\u{9B}2Jb\u{7F}\u{1B}]0;title\u{07}c", x: 0, y: 0, style: .normal)
        #expect(!grid.hasControlCharacters)
        #expect(grid.text(row: 0).hasPrefix("aredbc"))
    }

    @Test func fillAndRestyleCoverOnlyTheirRectangle() {
        var grid = CellGrid(size: Size(width: 4, height: 2))
        grid.put("abcd", x: 0, y: 1, style: .normal)
        grid.restyle(Rect(x: 1, y: 1, width: 2, height: 1), style: Style(.selection))
        #expect(grid[0, 1].role == .normal)
        #expect(grid[1, 1].role == .selection)
        #expect(grid[2, 1].character == "c")
        grid.fill(Rect(x: 3, y: 0, width: 5, height: 5), style: Style(.bad))
        #expect(grid[3, 0].role == .bad)
        #expect(grid[3, 1].character == " ")
        #expect(grid[2, 0].role == .normal)
    }

    @Test func outOfRangeWritesAreIgnored() {
        var grid = CellGrid(size: Size(width: 3, height: 1))
        #expect(grid.put("x", x: 5, y: 0, style: .normal) == 0)
        #expect(grid.put("x", x: 0, y: 3, style: .normal) == 0)
        #expect(grid.put("x", x: -1, y: 0, style: .normal) == 0)
        #expect(grid.text == "   ")
    }

    /// Text of plain narrow symbols takes a shortcut past grapheme breaking; it must draw what
    /// the general path draws, one grapheme at a time.
    @Test(arguments: ["──┤ ab ├──", "▁▂▃█ 50%", "é→ñ … ±"])
    func plainSymbolTextDrawsLikeItsGraphemesOneByOne(text: String) {
        var fast = CellGrid(size: Size(width: 16, height: 2))
        var slow = fast
        let clip = Rect(x: 1, y: 0, width: 9, height: 2)
        let used = fast.put(text, x: 2, y: 1, style: Style(.border), clip: clip)
        var column = 2
        for character in text {
            let written = slow.put(character, x: column, y: 1, style: Style(.border), clip: clip)
            if written == 0 { break }
            column += written
        }
        #expect(fast == slow)
        #expect(used == column - 2)
        #expect(fast.measure(text) == text.unicodeScalars.count)
    }

    @Test func plainSymbolTextIsAlignedAndPaddedInItsField() {
        var grid = CellGrid(size: Size(width: 8, height: 3))
        grid.fill(grid.bounds, style: .normal, character: "x")
        #expect(grid.put("→←", x: 0, y: 0, style: .normal, width: 6, align: .right, pad: true) == 6)
        #expect(grid.put("→←", x: 0, y: 1, style: .normal, width: 6, align: .center, pad: true) == 6)
        #expect(grid.put("→←→", x: 0, y: 2, style: .normal, width: 2) == 2)
        #expect(grid.text(row: 0) == "    →←xx")
        #expect(grid.text(row: 1) == "  →←  xx")
        #expect(grid.text(row: 2) == "→…xxxxxx")
    }

    @Test func plainSymbolTextStartingLeftOfTheClipIsNotDrawn() {
        var grid = CellGrid(size: Size(width: 6, height: 1))
        grid.put("──x", x: 0, y: 0, style: .normal, clip: Rect(x: 1, y: 0, width: 5, height: 1))
        #expect(grid.text(row: 0) == "      ")
    }
}
