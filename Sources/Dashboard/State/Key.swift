/// A key press or mouse event, decoded from the terminal.
///
/// The terminal layer turns ncurses key codes (arrows in both `ESC [ A` and `ESC O A` forms,
/// function keys, mouse reports) into these; ``DashboardState`` only ever sees `Key`s, so the
/// whole key map is testable without a terminal.
public enum Key: Sendable, Equatable {
    /// A printable character (space included).
    case character(Character)
    /// Arrow up.
    case up
    /// Arrow down.
    case down
    /// Arrow left.
    case left
    /// Arrow right.
    case right
    /// Page up.
    case pageUp
    /// Page down.
    case pageDown
    /// Home.
    case home
    /// End.
    case end
    /// Enter / Return.
    case enter
    /// Tab.
    case tab
    /// Shift-Tab.
    case backTab
    /// Escape (alone: ESCDELAY is short, so this is quick).
    case escape
    /// Backspace.
    case backspace
    /// Delete.
    case delete
    /// A control chord, by lowercase letter (`Ctrl-C` is `.control("c")`).
    case control(Character)
    /// The terminal was resized.
    case resize
    /// A mouse event.
    case mouse(MouseEvent)
}

/// A mouse event at a cell.
public struct MouseEvent: Sendable, Equatable {
    /// What happened.
    public enum Kind: Sendable, Equatable {
        /// Left button click (or press).
        case click
        /// Wheel rolled up.
        case wheelUp
        /// Wheel rolled down.
        case wheelDown
    }

    /// What happened.
    public var kind: Kind
    /// Column.
    public var x: Int
    /// Row.
    public var y: Int

    /// Creates a mouse event.
    public init(_ kind: Kind, x: Int, y: Int) {
        self.kind = kind
        self.x = x
        self.y = y
    }
}
