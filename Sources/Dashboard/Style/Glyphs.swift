public import Resilience

/// Every non-letter symbol the dashboard draws, in a Unicode and an ASCII edition.
///
/// Colour is never the only signal: each breaker state has a glyph and a word. When the locale
/// is not UTF-8 or `--ascii` is given, ``ascii`` swaps every glyph for a printable ASCII one.
public struct Glyphs: Sendable, Equatable {
    /// Whether this is the ASCII edition.
    public let isASCII: Bool
    /// Breaker state glyphs: closed, half-open, open, forced open, disabled.
    public let closed: Character, halfOpen: Character, open: Character, forcedOpen: Character,
        disabled: Character
    /// Box drawing: horizontal, vertical and the four corners.
    public let horizontal: Character, vertical: Character, topLeft: Character, topRight: Character,
        bottomLeft: Character, bottomRight: Character
    /// Sparkline levels, lowest first.
    public let sparkLevels: [Character]
    /// A failed probe in a sparkline.
    public let sparkFailure: Character
    /// Filled and empty parts of bars.
    public let barFull: Character, barEmpty: Character
    /// Sort direction markers.
    public let sortAscending: Character, sortDescending: Character
    /// Separator between header items.
    public let separator: String
    /// Arrows for the key bar.
    public let arrowsUpDown: String
    /// Transition arrow in the events pane and timeline.
    public let transition: String
    /// Key names.
    public let enterKey: String, tabKey: String, spaceKey: String
    /// Event markers: operator action, error, reload, information.
    public let operatorMark: Character, errorMark: Character, reloadMark: Character, infoMark: Character
    /// Marks a warning (`tls_verify: false`).
    public let warningMark: Character

    /// The UTF-8 edition.
    public static let unicode = Glyphs(
        isASCII: false, closed: "●", halfOpen: "◐", open: "✖", forcedOpen: "⊘", disabled: "◌",
        horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘",
        sparkLevels: ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"], sparkFailure: "×",
        barFull: "█", barEmpty: "░", sortAscending: "▲", sortDescending: "▼", separator: " · ",
        arrowsUpDown: "↑↓", transition: "→", enterKey: "⏎", tabKey: "⇥", spaceKey: "␣",
        operatorMark: "»", errorMark: "!", reloadMark: "↻", infoMark: "·", warningMark: "!")

    /// The ASCII edition.
    public static let ascii = Glyphs(
        isASCII: true, closed: "o", halfOpen: "~", open: "X", forcedOpen: "#", disabled: "-",
        horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+",
        sparkLevels: ["_", ".", "-", "~", "=", "+", "*", "#"], sparkFailure: "x",
        barFull: "#", barEmpty: ".", sortAscending: "^", sortDescending: "v", separator: " | ",
        arrowsUpDown: "Up/Dn", transition: "->", enterKey: "Enter", tabKey: "Tab", spaceKey: "Space",
        operatorMark: ">", errorMark: "!", reloadMark: "@", infoMark: "-", warningMark: "!")

    /// The glyph of a breaker state.
    public func glyph(for state: BreakerState) -> Character {
        switch state {
        case .closed: closed
        case .halfOpen: halfOpen
        case .open: open
        case .forcedOpen: forcedOpen
        case .disabled: disabled
        }
    }

    /// The word of a breaker state, upper case for the table (`HALF-OPEN`).
    public static func word(for state: BreakerState) -> String {
        switch state {
        case .closed: "CLOSED"
        case .halfOpen: "HALF-OPEN"
        case .open: "OPEN"
        case .forcedOpen: "FORCED"
        case .disabled: "DISABLED"
        }
    }

    /// The word of a breaker state, lower case for the header (`half-open`).
    public static func label(for state: BreakerState) -> String {
        switch state {
        case .closed: "closed"
        case .halfOpen: "half-open"
        case .open: "open"
        case .forcedOpen: "forced"
        case .disabled: "disabled"
        }
    }
}
