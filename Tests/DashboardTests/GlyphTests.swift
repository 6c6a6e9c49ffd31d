import Testing

@testable import Dashboard

@Suite struct GlyphTests {
    /// A family of seven scalars: man, ZWJ, woman, ZWJ, girl, ZWJ, boy.
    static let family: Character = "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}\u{200D}\u{1F466}"
    /// Its first five scalars, which is what a curses cell paints: man, ZWJ, woman, ZWJ, girl.
    static let familyFirstFive: Character = "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}"

    @Test func asciiRoundTrips() {
        let glyph = Glyph("a")
        #expect(glyph.scalarCount == 1)
        #expect(glyph.isASCII)
        #expect(glyph.character == "a")
        #expect(glyph == Glyph(ascii: 0x61))
        #expect(glyph == Glyph(scalar: Unicode.Scalar(0x61)))
        #expect(Cell(character: "a").character == "a")
        #expect(Glyph.space.character == " ")
        #expect(Cell().glyph == .space)
    }

    @Test func wideCJKRoundTrips() {
        let glyph = Glyph("東")
        #expect(glyph.scalarCount == 1)
        #expect(!glyph.isASCII)
        #expect(glyph.character == "東")
        #expect(DisplayWidth.of(glyph) == 2)
    }

    @Test func emojiWithPresentationSelectorRoundTrips() {
        let heart: Character = "\u{2764}\u{FE0F}"
        let glyph = Glyph(heart)
        #expect(glyph.scalarCount == 2)
        #expect(glyph.unicodeScalars.map(\.value) == [0x2764, 0xFE0F])
        #expect(glyph.character == heart)
        #expect(DisplayWidth.of(glyph) == 2)
        #expect(glyph != Glyph("\u{2764}"))
    }

    @Test func joinerSequenceOfFiveScalarsRoundTrips() {
        let glyph = Glyph(Self.familyFirstFive)
        #expect(glyph.scalarCount == 5)
        #expect(glyph.character == Self.familyFirstFive)
        #expect(glyph.unicodeScalars.map(\.value) == [0x1F468, 0x200D, 0x1F469, 0x200D, 0x1F467])
    }

    @Test func longerGraphemesKeepTheirFirstFiveScalarsLikeThePainter() {
        let glyph = Glyph(Self.family)
        #expect(glyph.scalarCount == Glyph.maximumScalars)
        #expect(glyph == Glyph(Self.familyFirstFive))
        #expect(glyph.character == Self.familyFirstFive)
        var cell = Cell()
        cell.character = Self.family
        #expect(cell.character == Self.familyFirstFive)
        // Drawn through the grid, it is still measured whole and kept to five scalars.
        var grid = CellGrid(size: Size(width: 4, height: 1))
        #expect(grid.put(Self.family, x: 0, y: 0, style: .normal) == DisplayWidth.of(Self.family))
        #expect(grid[0, 0].glyph == glyph)
    }

    @Test func equalityIsEqualityOfThePaintedScalars() {
        #expect(Glyph("a") != Glyph("b"))
        #expect(Glyph("東") != Glyph("京"))
        // Canonically equivalent Characters are equal, but they paint different scalars.
        let composed: Character = "\u{E9}"
        let decomposed: Character = "e\u{301}"
        #expect(composed == decomposed)
        #expect(Glyph(composed) != Glyph(decomposed))
        #expect(Glyph(decomposed).character.unicodeScalars.map(\.value) == [0x65, 0x301])
        // Graphemes that differ only after their fifth scalar paint the same.
        let otherFamily: Character = "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}\u{200D}\u{1F467}"
        #expect(Glyph(otherFamily) == Glyph(Self.family))
        // A prefix is not the whole.
        #expect(Glyph("a") != Glyph("a\u{301}"))
    }

    @Test func widthOfAGlyphAgreesWithTheWidthOfItsCharacter() {
        let samples: [Character] = [
            "a", " ", "~", "\u{7F}", "\u{7}", "\r\n", "é", "e\u{301}", "東", "●", "✖", "─", "…", "\u{2764}",
            "\u{2764}\u{FE0F}", "🚀", "\u{1F44D}\u{1F3FD}", "🇫🇷", Self.familyFirstFive, "\u{301}", "\u{200B}",
        ]
        for character in samples {
            #expect(DisplayWidth.of(Glyph(character)) == DisplayWidth.of(character), "\(character)")
        }
    }

    @Test func cellsAreTrivialValues() {
        #expect(_isPOD(Glyph.self))
        #expect(_isPOD(Cell.self))
        #expect(MemoryLayout<Cell>.stride <= 24)
    }

    @Test func aCellChangingToACanonicallyEquivalentGraphemeIsRepainted() {
        var before = CellGrid(size: Size(width: 2, height: 1))
        before.put("\u{E9}", x: 0, y: 0, style: .normal)
        var after = before
        after.put("e\u{301}", x: 0, y: 0, style: .normal)
        #expect(after.changeCount(from: before) == 1)
    }
}
