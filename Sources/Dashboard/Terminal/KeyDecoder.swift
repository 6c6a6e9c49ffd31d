import CNcursesw

/// Turns what `wget_wch` returns into ``Key``s.
///
/// Function keys come as ncurses key codes (`KEY_UP`, `KEY_RESIZE`, `KEY_MOUSE`…); everything
/// else is a character, where the C0 codes mean Enter, Tab, Backspace, Escape or Ctrl chords.
enum KeyDecoder {
    /// Decodes a function-key code; `nil` for codes the dashboard ignores.
    static func functionKey(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: .up
        case KEY_DOWN: .down
        case KEY_LEFT: .left
        case KEY_RIGHT: .right
        case KEY_PPAGE: .pageUp
        case KEY_NPAGE: .pageDown
        case KEY_HOME: .home
        case KEY_END: .end
        case KEY_ENTER: .enter
        case KEY_BTAB: .backTab
        case KEY_BACKSPACE: .backspace
        case KEY_DC: .delete
        case KEY_RESIZE: .resize
        default: nil
        }
    }

    /// Decodes a character code.
    static func character(_ value: UInt32) -> Key? {
        switch value {
        case 0x0D, 0x0A: return .enter
        case 0x09: return .tab
        case 0x1B: return .escape
        case 0x7F, 0x08: return .backspace
        case 0x01...0x1A: return .control(Character(Unicode.Scalar(UInt8(0x60 + value))))
        case 0x00, 0x1C...0x1F, 0x80...0x9F: return nil
        default:
            guard let scalar = Unicode.Scalar(value) else { return nil }
            return .character(Character(scalar))
        }
    }
}

extension TerminalSession {
    /// Waits up to `timeoutMilliseconds` (0: don't wait) for a key; `nil` when none came.
    func readKey(timeoutMilliseconds: Int) -> Key? {
        // `wget_wch` may refresh the window first, which would undo a crash handler's `endwin`.
        if TerminalSignals.hasCrashed { TerminalSignals.parkAfterCrash() }
        wtimeout(ethotopWindow, Int32(max(0, timeoutMilliseconds)))
        var value: wint_t = 0
        let result = wget_wch(ethotopWindow, &value)
        if result == ERR { return nil }
        if result == ethotop_key_code_yes() {
            let code = Int32(bitPattern: value)
            if code == KEY_MOUSE {
                var x: Int32 = 0
                var y: Int32 = 0
                switch ethotop_read_mouse(&x, &y) {
                case 1: return .mouse(MouseEvent(.click, x: Int(x), y: Int(y)))
                case 2: return .mouse(MouseEvent(.wheelUp, x: Int(x), y: Int(y)))
                case 3: return .mouse(MouseEvent(.wheelDown, x: Int(x), y: Int(y)))
                default: return nil
                }
            }
            if code == KEY_RESIZE { refreshSize() }
            return KeyDecoder.functionKey(code)
        }
        return KeyDecoder.character(UInt32(value))
    }
}
