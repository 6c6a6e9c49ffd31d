/// Text attributes a cell (or a theme role) adds on top of its colours.
///
/// Kept separate from colour so that the mono theme can express severity with bold, underline
/// and reverse video alone.
public struct CellAttributes: OptionSet, Sendable, Hashable, BitwiseCopyable {
    /// The raw bits.
    public let rawValue: UInt8

    /// Creates attributes from raw bits.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Bold (or bright, on terminals that render it so).
    public static let bold = CellAttributes(rawValue: 1 << 0)
    /// Dim / faint.
    public static let dim = CellAttributes(rawValue: 1 << 1)
    /// Underlined.
    public static let underline = CellAttributes(rawValue: 1 << 2)
    /// Reverse video (foreground and background swapped).
    public static let reverse = CellAttributes(rawValue: 1 << 3)
    /// Italic, where the terminal supports it.
    public static let italic = CellAttributes(rawValue: 1 << 4)

    /// Attribute names as spelled in theme files.
    public static let names: [(String, CellAttributes)] = [
        ("bold", .bold), ("dim", .dim), ("underline", .underline), ("reverse", .reverse),
        ("italic", .italic),
    ]
}
