/// How many terminal columns a grapheme occupies, computed in pure Swift.
///
/// The layout must not depend on the process locale (tests run under `LANG=C`, where libc's
/// `wcwidth` answers -1 for everything non-ASCII), so this follows Unicode's East Asian Width
/// (Wide and Fullwidth are 2) and emoji presentation, like glibc's table in a UTF-8 locale.
/// Zero-width graphemes (a lone combining mark, a zero-width joiner) answer 0 and are dropped
/// by ``CellGrid``.
public enum DisplayWidth {
    /// The display width of `character`: 0, 1 or 2.
    public static func of(_ character: Character) -> Int {
        if let ascii = character.asciiValue { return ascii >= 0x20 && ascii != 0x7F ? 1 : 0 }
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return 0 }
        // An emoji with the presentation selector (VS16) is drawn wide.
        if scalars.count > 1, scalars.contains(where: { $0.value == 0xFE0F }) { return 2 }
        return of(first)
    }

    /// The display width of a stored glyph: what ``of(_:)-(Character)`` answers for a grapheme
    /// of these scalars, without making a `Character`.
    static func of(_ glyph: Glyph) -> Int {
        let count = glyph.scalarCount
        // An emoji with the presentation selector (VS16) is drawn wide.
        if count > 1 {
            for slot in 0..<count where glyph.scalarValue(at: slot) == 0xFE0F { return 2 }
        }
        guard let first = Unicode.Scalar(glyph.firstValue) else { return 0 }
        return of(first)
    }

    /// The display width of one scalar: 0, 1 or 2.
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value < 0x7F { return value >= 0x20 ? 1 : 0 }
        if value < 0xA0 { return 0 }
        if value < 0x300 { return value == 0xAD ? 0 : 1 }
        if isPlainSymbol(value) { return 1 }
        if isWide(value) { return 2 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control: return 0
        default: break
        }
        if value >= 0x1160 && value <= 0x11FF { return 0 }  // Hangul medial vowels and final consonants
        return 1
    }

    /// The total display width of `text` (graphemes of width 0 count 0).
    public static func of(_ text: some StringProtocol) -> Int {
        var total = 0
        for character in text { total += of(character) }
        return total
    }

    /// Whether `value` is in a block the dashboard draws every frame (punctuation, arrows, maths,
    /// box drawing, blocks, geometric shapes, braille, and the check marks and crosses ✓–✘ of
    /// Dingbats, whose ✖ marks open breakers) and that holds only narrow, visible characters:
    /// no marks, format or control characters, nothing wide.
    ///
    /// A shortcut, not a rule: it answers what the general path would, without the Unicode
    /// property lookup and range scan that made borders and sparklines the costliest part of
    /// a frame.
    static func isPlainSymbol(_ value: UInt32) -> Bool {
        (0x2010...0x2027).contains(value) || (0x2190...0x2319).contains(value)
            || (0x2400...0x2426).contains(value) || (0x2500...0x25FC).contains(value)
            || (0x2713...0x2718).contains(value) || (0x2800...0x28FF).contains(value)
    }

    /// Whether `value` is drawn in one column whatever surrounds it: printable ASCII, U+00A0–U+02FF
    /// (Latin-1, Latin extended, IPA, spacing modifiers; not the soft hyphen), or a
    /// ``isPlainSymbol(_:)`` block.
    ///
    /// ``DisplaySanitizer`` keeps such a scalar, and it never joins a neighbour of the same kind
    /// into one grapheme (none is a mark, joiner, prepend, regional indicator or Hangul jamo), so
    /// a text made only of them is one column per scalar; ``CellGrid`` draws it without
    /// splitting it into `Character`s.
    static func isPlainNarrow(_ value: UInt32) -> Bool {
        if value < 0x7F { return value >= 0x20 }
        if value < 0xA0 { return false }
        if value < 0x300 { return value != 0xAD }
        return isPlainSymbol(value)
    }

    /// East Asian Wide and Fullwidth ranges plus emoji presented as pictures by default.
    private static func isWide(_ value: UInt32) -> Bool {
        if value < 0x1100 { return false }
        for range in wideRanges where range.contains(value) { return true }
        return false
    }

    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0...0x23F0,
        0x23F3...0x23F3, 0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F...0x267F,
        0x2693...0x2693, 0x26A1...0x26A1, 0x26AA...0x26AB, 0x26BD...0x26BE, 0x26C4...0x26C5,
        0x26CE...0x26CE, 0x26D4...0x26D4, 0x26EA...0x26EA, 0x26F2...0x26F3, 0x26F5...0x26F5,
        0x26FA...0x26FA, 0x26FD...0x26FD, 0x2705...0x2705, 0x270A...0x270B, 0x2728...0x2728,
        0x274C...0x274C, 0x274E...0x274E, 0x2753...0x2755, 0x2757...0x2757, 0x2795...0x2797,
        0x27B0...0x27B0, 0x27BF...0x27BF, 0x2B1B...0x2B1C, 0x2B50...0x2B50, 0x2B55...0x2B55,
        0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
        0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F,
        0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x16FE4, 0x17000...0x18CFF, 0x1B000...0x1B2FF,
        0x1F004...0x1F004, 0x1F0CF...0x1F0CF, 0x1F18E...0x1F18E, 0x1F191...0x1F19A,
        0x1F200...0x1F251, 0x1F300...0x1F320, 0x1F32D...0x1F335, 0x1F337...0x1F37C,
        0x1F37E...0x1F393, 0x1F3A0...0x1F3CA, 0x1F3CF...0x1F3D3, 0x1F3E0...0x1F3F0,
        0x1F3F4...0x1F3F4, 0x1F3F8...0x1F43E, 0x1F440...0x1F440, 0x1F442...0x1F4FC,
        0x1F4FF...0x1F53D, 0x1F54B...0x1F54E, 0x1F550...0x1F567, 0x1F57A...0x1F57A,
        0x1F595...0x1F596, 0x1F5A4...0x1F5A4, 0x1F5FB...0x1F64F, 0x1F680...0x1F6C5,
        0x1F6CC...0x1F6CC, 0x1F6D0...0x1F6D2, 0x1F6D5...0x1F6D7, 0x1F6DC...0x1F6DF,
        0x1F6EB...0x1F6EC, 0x1F6F4...0x1F6FC, 0x1F7E0...0x1F7EB, 0x1F7F0...0x1F7F0,
        0x1F90C...0x1F93A, 0x1F93C...0x1F945, 0x1F947...0x1F9FF, 0x1FA70...0x1FAFF,
        0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]
}
