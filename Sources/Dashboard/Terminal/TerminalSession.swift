import CNcursesw
import Foundation
import Glibc

/// The single owner of ncurses: starts it, paints ``CellGrid``s, reads keys, and always gives
/// the terminal back.
///
/// Not `Sendable` and not thread-safe on purpose: ncurses has global state, so exactly one
/// session exists and every call comes from the thread that created it (the dashboard loop).
/// Start-up follows the terminal rules of docs/ARCHITECTURE.md: `setlocale` before ncurses,
/// `ESCDELAY` 25 ms, keypad on with both `ESC [ A` and `ESC O A` arrow forms, cbreak/noecho,
/// hidden cursor, default colours. ``close()`` (also run on deinit) calls `endwin`.
final class TerminalSession {
    /// The screen size in cells.
    private(set) var size: Size
    /// Colours the terminal supports (0 without colour).
    let colors: Int
    /// Whether the locale's codeset is UTF-8 (otherwise the dashboard draws ASCII).
    let isUTF8: Bool

    private let screen: OpaquePointer
    private var window: UnsafeMutablePointer<WINDOW>
    /// The ncurses window, for the input extension.
    var ethotopWindow: UnsafeMutablePointer<WINDOW> { window }
    private var isOpen = true
    private var previous: CellGrid?
    private var roleAttributes: [StyleRole: (attrs: attr_t, pair: Int32)] = [:]
    /// The last role looked up and its attributes: changed cells come in runs of one role, and
    /// a `StyleRole` key hashes its String raw value (about 30 ns a lookup, 70 µs for the 2,000
    /// cells a key press repaints).
    private var lastRole: (role: StyleRole, attrs: attr_t, pair: Int32)?
    private var textBuffer = [wchar_t](repeating: 0, count: 6)

    /// Checks that a full-screen dashboard can run here, without touching the terminal.
    static func preflight(environment: [String: String]) throws(TerminalError) {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw .notATerminal }
        let term = environment["TERM"]
        guard let term, !term.isEmpty, term != "dumb" else { throw .unsupportedTerminal(term) }
    }

    /// Takes over the terminal.
    init(environment: [String: String], mouse: Bool) throws(TerminalError) {
        try Self.preflight(environment: environment)
        setlocale(LC_ALL, "")
        isUTF8 = ethotop_locale_is_utf8() != 0
        // ESCDELAY is read at start-up; set_escdelay below covers ncurses builds that ignore it.
        setenv("ESCDELAY", "25", 1)
        TerminalSignals.install()
        let term = environment["TERM"] ?? ""
        guard let screen = ethotop_newterm() else {
            TerminalSignals.uninstall()
            throw .initializationFailed(term)
        }
        self.screen = screen
        set_term(screen)
        guard let window = ethotop_stdscr() else {
            endwin()
            delscreen(screen)
            TerminalSignals.uninstall()
            throw .initializationFailed(term)
        }
        self.window = window
        ethotop_set_escdelay(25)
        cbreak()
        noecho()
        nonl()
        intrflush(window, false)
        keypad(window, true)
        leaveok(window, true)
        curs_set(0)
        Self.defineArrowKeys()
        var colorCount = 0
        if has_colors() {
            start_color()
            use_default_colors()
            colorCount = Int(ethotop_colors())
        }
        colors = colorCount
        var height: Int32 = 0
        var width: Int32 = 0
        ethotop_getmaxyx(window, &height, &width)
        size = Size(width: Int(width), height: Int(height))
        setMouse(mouse)
    }

    deinit { close() }

    /// Restores the terminal (idempotent): `endwin` leaves the alternate screen, shows the
    /// cursor and turns echo back on.
    func close() {
        guard isOpen else { return }
        isOpen = false
        ethotop_mouse(0)
        endwin()
        delscreen(screen)
        TerminalSignals.uninstall()
    }

    /// Re-reads the screen size (after `KEY_RESIZE`).
    func refreshSize() {
        var height: Int32 = 0
        var width: Int32 = 0
        ethotop_getmaxyx(window, &height, &width)
        size = Size(width: Int(width), height: Int(height))
    }

    /// Forgets the previous frame and makes the next update repaint the whole screen (`Ctrl-L`,
    /// resume, theme change).
    func invalidate() {
        previous = nil
        clearok(ethotop_curscr(), true)
    }

    /// Turns mouse reporting on or off.
    func setMouse(_ enabled: Bool) { ethotop_mouse(enabled ? 1 : 0) }

    /// Suspends for SIGTSTP: gives the terminal back, stops, and on resume repaints everything.
    func suspend() {
        endwin()
        TerminalSignals.stopUntilContinued()
        refresh()
        refreshSize()
        invalidate()
    }

    /// Maps every role of `theme` to ncurses attributes and a colour pair.
    ///
    /// One pair per role (pair numbers above 255 go through the extended-colour API). On a
    /// terminal without colour, or with a theme that uses none, every role uses pair 0 and
    /// only attributes.
    func apply(_ theme: Theme) {
        roleAttributes.removeAll()
        lastRole = nil
        let usePairs = colors >= 8 && theme.usesColor
        for (index, role) in StyleRole.allCases.enumerated() {
            let style = theme.style(role)
            var pair: Int32 = 0
            if usePairs, index + 1 < Int(ethotop_color_pairs()) {
                pair = Int32(index + 1)
                _ = ethotop_init_pair(
                    pair, Int32(style.foreground.index(colors: colors)),
                    Int32(style.background.index(colors: colors)))
            }
            roleAttributes[role] = (Self.attributes(style.attributes), pair)
        }
        if let normal = roleAttributes[.normal] { ethotop_set_background(window, normal.attrs, normal.pair) }
        invalidate()
    }

    static func attributes(_ attributes: CellAttributes) -> attr_t {
        var result = ethotop_a_normal()
        if attributes.contains(.bold) { result |= ethotop_a_bold() }
        if attributes.contains(.dim) { result |= ethotop_a_dim() }
        if attributes.contains(.underline) { result |= ethotop_a_underline() }
        if attributes.contains(.reverse) { result |= ethotop_a_reverse() }
        if attributes.contains(.italic) { result |= ethotop_a_italic() }
        return result
    }

    /// Arrow, Home and End keys in both the normal (`ESC [ A`) and application (`ESC O A`)
    /// cursor modes, whatever the terminfo entry says.
    private static func defineArrowKeys() {
        let keys: [(String, Int32)] = [
            ("A", KEY_UP), ("B", KEY_DOWN), ("C", KEY_RIGHT), ("D", KEY_LEFT), ("H", KEY_HOME),
            ("F", KEY_END),
        ]
        for (final, code) in keys {
            define_key("\u{1B}[" + final, code)
            define_key("\u{1B}O" + final, code)
        }
        define_key("\u{1B}[1~", KEY_HOME)
        define_key("\u{1B}[4~", KEY_END)
        define_key("\u{1B}[5~", KEY_PPAGE)
        define_key("\u{1B}[6~", KEY_NPAGE)
        define_key("\u{1B}[Z", KEY_BTAB)
    }
}

extension TerminalSession {
    /// Paints `grid`, touching only the cells that differ from the previous frame, then
    /// `wnoutrefresh` + `doupdate` so ncurses sends the minimum to the terminal.
    func paint(_ grid: CellGrid) {
        guard isOpen else { return }
        if TerminalSignals.hasCrashed { TerminalSignals.parkAfterCrash() }
        let full = previous.map { $0.width != grid.width || $0.height != grid.height } ?? true
        if full { werase(window) }
        grid.forEachChange(from: previous) { x, y, cell in put(cell, x: x, y: y) }
        previous = grid
        wnoutrefresh(window)
        doupdate()
    }

    private func put(_ cell: Cell, x: Int, y: Int) {
        let role: (attrs: attr_t, pair: Int32)
        if let last = lastRole, last.role == cell.role {
            role = (last.attrs, last.pair)
        } else {
            role = roleAttributes[cell.role] ?? (ethotop_a_normal(), 0)
            lastRole = (cell.role, role.attrs, role.pair)
        }
        let attrs = role.attrs | Self.attributes(cell.attributes)
        // A glyph holds at most five scalars, what a cchar_t holds (CCHARW_MAX).
        let count = cell.glyph.scalarCount
        for slot in 0..<count { textBuffer[slot] = wchar_t(bitPattern: cell.glyph.scalarValue(at: slot)) }
        textBuffer[count] = 0
        _ = textBuffer.withUnsafeBufferPointer { buffer in
            ethotop_put_cell(window, Int32(y), Int32(x), buffer.baseAddress, attrs, role.pair)
        }
    }
}
