import Testing

@testable import Dashboard

@Suite struct DisplayWidthTests {
    @Test func asciiIsNarrowAndControlsAreZero() {
        #expect(DisplayWidth.of("a" as Character) == 1)
        #expect(DisplayWidth.of("\u{7}" as Character) == 0)
    }

    @Test func eastAsianAndEmojiAreWide() {
        #expect(DisplayWidth.of("日" as Character) == 2)
        #expect(DisplayWidth.of("🚀" as Character) == 2)
        #expect(DisplayWidth.of("❤️" as Character) == 2)  // VS16 presentation
    }

    @Test func marksAndFormatCharactersAreZero() {
        #expect(DisplayWidth.of(Unicode.Scalar(0x0301 as UInt32) ?? " ") == 0)
        #expect(DisplayWidth.of(Unicode.Scalar(0x200B as UInt32) ?? " ") == 0)
    }

    /// The shortcut for the blocks drawn every frame must agree with the general rules: every
    /// scalar in it is visible, narrow, and neither a mark, a format nor a control character.
    @Test func plainSymbolShortcutAgreesWithTheGeneralRules() {
        var checked = 0
        for value in UInt32(0x2000)...UInt32(0x2FFF) where DisplayWidth.isPlainSymbol(value) {
            guard let scalar = Unicode.Scalar(value) else { continue }
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .enclosingMark, .spacingMark, .format, .control, .surrogate, .lineSeparator,
                .paragraphSeparator:
                Issue.record("U+\(String(value, radix: 16)) is \(scalar.properties.generalCategory)")
            default: break
            }
            #expect(DisplayWidth.of(scalar) == 1)
            #expect(DisplaySanitizer.clean(String(Character(scalar))) == String(Character(scalar)))
            checked += 1
        }
        #expect(checked > 900)
        // The glyphs drawn every frame (borders, states, sparklines, bars) are all in it.
        for glyph in "─│┌┐└┘●◐✖⊘◌▁▂▃▄▅▆▇█░▲▼→↑↓⇥␣…≥" {
            #expect(glyph.unicodeScalars.allSatisfy { DisplayWidth.isPlainSymbol($0.value) }, "\(glyph)")
        }
    }

    /// The scalars ``CellGrid`` draws one per column without grapheme breaking must be kept by
    /// the sanitiser, one column wide, and never join a neighbour into one grapheme.
    @Test func plainNarrowScalarsAreEachOneColumnAndOneGrapheme() {
        var checked = 0
        for value in UInt32(0)...UInt32(0x2FFF) where DisplayWidth.isPlainNarrow(value) {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = String(Character(scalar))
            #expect(DisplayWidth.of(scalar) == 1, "U+\(String(value, radix: 16))")
            #expect(DisplaySanitizer.clean(text) == text, "U+\(String(value, radix: 16))")
            #expect(("x" + text + "x").count == 3, "U+\(String(value, radix: 16))")
            #expect((text + text).count == 2, "U+\(String(value, radix: 16))")
            #expect(("\u{E9}" + text + "\u{2500}").count == 3, "U+\(String(value, radix: 16))")
            checked += 1
        }
        #expect(checked > 1_500)
        #expect(!DisplayWidth.isPlainNarrow(0xAD))
        #expect(!DisplayWidth.isPlainNarrow(0x300))
        #expect(!DisplayWidth.isPlainNarrow(0x85))
        #expect(!DisplayWidth.isPlainNarrow(0x1F))
    }
}
