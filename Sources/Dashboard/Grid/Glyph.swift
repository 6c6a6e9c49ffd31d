/// The grapheme of one ``Cell``, stored inline as at most five Unicode scalars.
///
/// Five is what a curses cell holds (`cchar_t`, `CCHARW_MAX` = 5) and therefore all that
/// ``TerminalSession`` can paint: a grapheme of more scalars (a long ZWJ family, a flag tag
/// sequence) keeps its first five, exactly the scalars the painter would send. Two glyphs are
/// equal when they paint the same scalars.
///
/// Why not a `Character`: a `Character` is a `String`, so every cell copy, store, comparison
/// and grid release went through reference counting (`swift_bridgeObjectRetain`/`Release`),
/// and comparisons through Unicode string comparison; those were the largest costs of a
/// frame. A glyph is two machine words with no references, so a ``CellGrid`` is plain memory:
/// filling it is a store, diffing it is an integer compare, freeing it is one `free`.
///
/// Layout: 21 bits per scalar (Unicode ends at U+10FFFF), scalars 0–2 in `low`, scalars 3–4
/// and the count in `high`. Unused slots are zero, so equality is the equality of the words.
public struct Glyph: Sendable, Hashable, BitwiseCopyable {
    private var low: UInt64
    private var high: UInt64

    /// The most scalars a glyph keeps (curses' `CCHARW_MAX`).
    public static let maximumScalars = 5

    private static let scalarBits: UInt64 = 21
    private static let scalarMask: UInt64 = (1 << 21) - 1
    private static let countShift: UInt64 = 42

    /// A space, the blank cell's glyph.
    public static let space = Glyph(ascii: 0x20)

    /// The glyph of one printable ASCII byte (or any byte below 0x80): no decoding, no `String`.
    @inline(__always)
    public init(ascii byte: UInt8) {
        low = UInt64(byte)
        high = 1 << Self.countShift
    }

    /// The glyph of one scalar.
    @inline(__always)
    public init(scalar: Unicode.Scalar) {
        low = UInt64(scalar.value)
        high = 1 << Self.countShift
    }

    /// The glyph of `character`: its first ``maximumScalars`` scalars, the rest dropped as the
    /// painter would drop them.
    public init(_ character: Character) {
        let utf8 = character.utf8
        if utf8.count == 1, let byte = utf8.first {
            self.init(ascii: byte)
            return
        }
        var words: (low: UInt64, high: UInt64) = (0, 0)
        var count: UInt64 = 0
        for scalar in character.unicodeScalars {
            if count == UInt64(Self.maximumScalars) { break }
            let value = UInt64(scalar.value)
            if count < 3 {
                words.low |= value << (count * Self.scalarBits)
            } else {
                words.high |= value << ((count - 3) * Self.scalarBits)
            }
            count += 1
        }
        self.init(low: words.low, high: words.high | count << Self.countShift)
    }

    @inline(__always)
    private init(low: UInt64, high: UInt64) {
        self.low = low
        self.high = high
    }

    /// How many scalars the glyph holds: 1 to ``maximumScalars``.
    @inline(__always)
    public var scalarCount: Int { Int(high >> Self.countShift) }

    /// The value of scalar `slot` (`0..<scalarCount`).
    @inline(__always)
    public func scalarValue(at slot: Int) -> UInt32 {
        let word = slot < 3 ? low : high
        let shift = UInt64(slot < 3 ? slot : slot - 3) * Self.scalarBits
        return UInt32(truncatingIfNeeded: (word >> shift) & Self.scalarMask)
    }

    /// The first scalar's value.
    @inline(__always)
    public var firstValue: UInt32 { UInt32(truncatingIfNeeded: low & Self.scalarMask) }

    /// Whether the glyph is one ASCII scalar (what ``CellGrid``'s ASCII mode allows).
    @inline(__always)
    public var isASCII: Bool { scalarCount == 1 && firstValue < 0x80 }

    /// The scalars, in order.
    public var unicodeScalars: [Unicode.Scalar] {
        (0..<scalarCount).map { Unicode.Scalar(scalarValue(at: $0)) ?? "\u{FFFD}" }
    }

    /// The glyph as a `Character` (allocates for anything but ASCII; not for hot paths).
    public var character: Character {
        if scalarCount == 1, firstValue < 0x80 { return Character(Unicode.Scalar(UInt8(firstValue))) }
        var text = String.UnicodeScalarView()
        for slot in 0..<scalarCount { text.append(Unicode.Scalar(scalarValue(at: slot)) ?? "\u{FFFD}") }
        // The first scalars of one grapheme are one grapheme (breaks look only backwards), so
        // `first` is the whole text; it also cannot trap the way `Character(_:)` could.
        return String(text).first ?? " "
    }
}

extension Glyph: CustomStringConvertible {
    /// The glyph as text.
    public var description: String { String(character) }
}
