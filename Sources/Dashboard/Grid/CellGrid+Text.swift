/// Where text sits inside a field wider than itself.
public enum Alignment: Sendable {
    /// Flush left.
    case left
    /// Flush right (numbers).
    case right
    /// Centred (titles, overlays).
    case center
}

extension CellGrid {
    /// The ellipsis drawn where text is cut: `…`, or `~` in ASCII mode.
    public var ellipsis: Character { asciiOnly ? "~" : "…" }

    /// The display width `text` will have once drawn (after sanitising and the ASCII rule).
    public func measure(_ text: String) -> Int {
        if DisplaySanitizer.isPlainASCII(text) { return text.utf8.count }
        if !asciiOnly, let count = Self.plainScalarCount(text) { return count }
        var total = 0
        for character in prepare(text) { total += columns(of: character) }
        return total
    }

    /// Sanitised text, transliterated to ASCII in ASCII mode.
    func prepare(_ text: String) -> String {
        let clean = DisplaySanitizer.clean(text)
        guard asciiOnly, !DisplaySanitizer.isPlainASCII(clean) else { return clean }
        return ASCIIFallback.transliterate(clean)
    }

    /// Draws `text` at (`x`, `y`), sanitised and clipped; answers the columns it used.
    ///
    /// - Parameters:
    ///   - clip: cells outside this rectangle are never touched (default: the whole grid).
    ///   - width: the field width; longer text is cut and ends with an ellipsis, shorter text is
    ///     placed by `align` (and the rest of the field filled with blanks when `pad` is set).
    @discardableResult
    public mutating func put(
        _ text: String, x: Int, y: Int, style: Style, clip: Rect? = nil, width: Int? = nil,
        align: Alignment = .left, pad: Bool = false
    ) -> Int {
        if let field = width, field <= 0 { return 0 }
        if DisplaySanitizer.isPlainASCII(text), width.map({ text.utf8.count <= $0 }) ?? true {
            return putASCII(text, x: x, y: y, style: style, clip: clip, width: width, align: align, pad: pad)
        }
        if !asciiOnly, let count = Self.plainScalarCount(text), width.map({ count <= $0 }) ?? true {
            return putPlain(
                text, count: count, x: x, y: y, style: style, clip: clip, width: width, align: align, pad: pad
            )
        }
        let clean = prepare(text)
        var graphemes: [Character] = []
        graphemes.reserveCapacity(clean.utf8.count)
        var used = 0
        for character in clean {
            let columns = columns(of: character)
            if columns == 0 { continue }
            graphemes.append(character)
            used += columns
        }
        if let field = width, used > field {
            // Cut to field - 1 columns and end with the ellipsis.
            var kept: [Character] = []
            var keptWidth = 0
            for character in graphemes {
                let columns = columns(of: character)
                if keptWidth + columns > field - 1 { break }
                kept.append(character)
                keptWidth += columns
            }
            if keptWidth < field - 1 {
                kept.append(" ")
                keptWidth += 1
            }
            kept.append(ellipsis)
            graphemes = kept
            used = keptWidth + 1
        }
        var column = x
        if let field = width, used < field {
            switch align {
            case .left: break
            case .right: column += field - used
            case .center: column += (field - used) / 2
            }
            if pad {
                fill(Rect(x: x, y: y, width: field, height: 1).intersection(clip ?? bounds), style: style)
            }
        }
        let start = column
        for character in graphemes {
            let written = put(character, x: column, y: y, style: style, clip: clip)
            if written == 0 { break }
            column += written
        }
        return (width.map { max($0, column - x) } ?? column - start)
    }

    /// The common case: printable ASCII that fits its field, one byte per cell, no measuring.
    private mutating func putASCII(
        _ text: String, x: Int, y: Int, style: Style, clip: Rect?, width: Int?, align: Alignment, pad: Bool
    ) -> Int {
        let length = text.utf8.count
        var column = x
        if let field = width, length < field {
            switch align {
            case .left: break
            case .right: column += field - length
            case .center: column += (field - length) / 2
            }
            if pad {
                fill(Rect(x: x, y: y, width: field, height: 1).intersection(clip ?? bounds), style: style)
            }
        }
        let area = (clip ?? bounds).intersection(bounds)
        var written = 0
        if y >= area.y, y < area.maxY {
            withRow(y) { store in
                for byte in text.utf8 {
                    if column >= area.maxX { break }
                    if column >= area.x {
                        store(
                            column,
                            Cell(glyph: Glyph(ascii: byte), role: style.role, attributes: style.attributes))
                        written += 1
                    }
                    column += 1
                }
            }
        }
        return width.map { max($0, column - x) } ?? written
    }

    /// The next most common case: text of ``DisplayWidth/isPlainNarrow(_:)`` scalars only
    /// (borders, bars, sparklines, arrows) that fits its field, drawn outside ASCII mode.
    ///
    /// Such text is its own sanitised form and has one grapheme of width 1 per scalar, so this
    /// writes scalar by scalar what the general path would write grapheme by grapheme, stopping
    /// where it stops (at the first column outside the clip), without building a `String` or a
    /// `Character`.
    private mutating func putPlain(
        _ text: String, count: Int, x: Int, y: Int, style: Style, clip: Rect?, width: Int?, align: Alignment,
        pad: Bool
    ) -> Int {
        var column = x
        if let field = width, count < field {
            switch align {
            case .left: break
            case .right: column += field - count
            case .center: column += (field - count) / 2
            }
            if pad {
                fill(Rect(x: x, y: y, width: field, height: 1).intersection(clip ?? bounds), style: style)
            }
        }
        let start = column
        let area = (clip ?? bounds).intersection(bounds)
        if y >= area.y, y < area.maxY {
            withRow(y) { store in
                for scalar in text.unicodeScalars {
                    guard column >= area.x, column < area.maxX else { break }
                    store(
                        column,
                        Cell(glyph: Glyph(scalar: scalar), role: style.role, attributes: style.attributes))
                    column += 1
                }
            }
        }
        return width.map { max($0, column - x) } ?? column - start
    }

    /// The number of scalars in `text` when each is ``DisplayWidth/isPlainNarrow(_:)`` (so each
    /// is one grapheme one column wide), otherwise `nil`.
    static func plainScalarCount(_ text: String) -> Int? {
        var count = 0
        for scalar in text.unicodeScalars {
            guard DisplayWidth.isPlainNarrow(scalar.value) else { return nil }
            count += 1
        }
        return count
    }

    /// Columns a sanitised grapheme occupies here (1 for anything non-ASCII in ASCII mode).
    func columns(of character: Character) -> Int {
        let natural = DisplayWidth.of(character)
        if asciiOnly, natural > 0, character.asciiValue == nil { return 1 }
        return natural
    }

    /// Draws a sequence of styled segments left to right; answers the columns used.
    @discardableResult
    public mutating func put(_ line: StyledLine, x: Int, y: Int, clip: Rect) -> Int {
        var column = x
        for segment in line.segments {
            if column >= clip.maxX { break }
            let remaining = clip.maxX - column
            let needed = measure(segment.text)
            if needed > remaining {
                column += put(
                    segment.text, x: column, y: y, style: segment.style, clip: clip, width: remaining)
                break
            }
            column += put(segment.text, x: column, y: y, style: segment.style, clip: clip)
        }
        return column - x
    }
}
