/// A colour as written in a theme: the terminal's default, one of its 16 named colours, or RGB.
///
/// RGB is mapped when the terminal's colour count is known: to the nearest entry of the xterm
/// 256-colour cube and grey ramp (never to 0–15, which users remap), to the nearest of the 16
/// on 16-colour terminals, and to the nearest of the 8 basic colours otherwise.
public enum ThemeColor: Sendable, Hashable {
    /// The terminal's own foreground or background (`default`).
    case terminalDefault
    /// One of the 16 named colours, 0–15.
    case named(Int)
    /// `#rrggbb`.
    case rgb(UInt8, UInt8, UInt8)

    /// The 16 names as written in theme files, in ANSI order.
    public static let names = [
        "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white", "bright_black", "bright_red",
        "bright_green", "bright_yellow", "bright_blue", "bright_magenta", "bright_cyan", "bright_white",
    ]

    /// Parses a colour name, `default` or `#rrggbb`; `nil` when it is none of these.
    public init?(parsing text: String) {
        let word = text.lowercased().replacingOccurrences(of: "-", with: "_")
        if word == "default" || word == "none" {
            self = .terminalDefault
            return
        }
        if let index = Self.names.firstIndex(of: word) {
            self = .named(index)
            return
        }
        let aliases = ["gray": 8, "grey": 8, "bright_gray": 7, "bright_grey": 7]
        if let index = aliases[word]
            ?? Self.names.firstIndex(of: word.replacingOccurrences(of: "bright", with: "bright_"))
        {
            self = .named(index)
            return
        }
        guard word.hasPrefix("#"), word.count == 7, let value = UInt32(word.dropFirst(), radix: 16) else {
            return nil
        }
        self = .rgb(UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF))
    }

    /// The terminal colour number for a terminal with `colors` colours (-1: the default colour).
    public func index(colors: Int) -> Int {
        switch self {
        case .terminalDefault: return -1
        case .named(let index): return colors >= 16 ? index : index % 8
        case .rgb(let red, let green, let blue):
            let target = (Int(red), Int(green), Int(blue))
            if colors >= 256 { return Self.nearest(target, in: Self.xterm256, offset: 16) }
            if colors >= 16 { return Self.nearest(target, in: Self.ansi16, offset: 0) }
            return Self.nearest(target, in: Array(Self.ansi16.prefix(8)), offset: 0)
        }
    }

    private static func nearest(_ target: (Int, Int, Int), in table: [(Int, Int, Int)], offset: Int) -> Int {
        var best = 0
        var bestDistance = Int.max
        for (index, entry) in table.enumerated() {
            // Weighted Euclidean distance ("redmean"), cheap and closer to perception than plain RGB.
            let meanRed = (target.0 + entry.0) / 2
            let dr = target.0 - entry.0
            let dg = target.1 - entry.1
            let db = target.2 - entry.2
            // (Parenthesised: in Swift `>>` binds tighter than `*`.)
            let distance =
                (((512 + meanRed) * dr * dr) >> 8) + 4 * dg * dg + (((767 - meanRed) * db * db) >> 8)
            if distance < bestDistance {
                bestDistance = distance
                best = index
            }
        }
        return best + offset
    }

    /// xterm's default 16 colours.
    static let ansi16: [(Int, Int, Int)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205),
        (229, 229, 229), (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255),
        (255, 0, 255),
        (0, 255, 255), (255, 255, 255),
    ]

    /// Colours 16–255: the 6×6×6 cube, then 24 greys.
    static let xterm256: [(Int, Int, Int)] = {
        let levels = [0, 95, 135, 175, 215, 255]
        var table: [(Int, Int, Int)] = []
        for red in levels { for green in levels { for blue in levels { table.append((red, green, blue)) } } }
        for step in 0..<24 { table.append((8 + 10 * step, 8 + 10 * step, 8 + 10 * step)) }
        return table
    }()
}
