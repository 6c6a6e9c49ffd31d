/// Spells common non-ASCII symbols in ASCII for terminals without UTF-8.
///
/// Reasons and messages from the engine use `≥`, `→` and `…`; in ASCII mode these become
/// `>=`, `->` and `...` rather than question marks. Anything else non-ASCII becomes `?`.
enum ASCIIFallback {
    /// `text` with every grapheme ASCII.
    static func transliterate(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for character in text {
            if character.isASCII {
                output.append(character)
            } else if let replacement = table[character] {
                output += replacement
            } else if DisplayWidth.of(character) > 0 {
                output.append("?")
            }
        }
        return output
    }

    private static let table: [Character: String] = [
        "≥": ">=", "≤": "<=", "≠": "!=", "→": "->", "←": "<-", "↑": "^", "↓": "v", "…": "...",
        "×": "x", "·": "-", "•": "*", "—": "-", "–": "-", "µ": "u", "°": "deg", "‘": "'", "’": "'",
        "“": "\"", "”": "\"", "±": "+-", "\u{00A0}": " ",
    ]
}
