import Monitor

/// Removes everything from untrusted text that could move the cursor, reprogram the terminal or
/// hide text: Monitor's ``TextSanitizer`` rule, the one every output uses (JSON, table, `check`,
/// logs), so a hostile string looks the same on screen as everywhere else.
///
/// Endpoint names, URLs and curl's error messages come from config files and from the network;
/// drawn raw, an `ESC ] 52` or a CSI sequence in a server's reason phrase would be executed by the
/// operator's terminal. Every string reaches the grid through ``clean(_:)``: escape sequences are
/// dropped whole, C0/C1 controls and invisible format characters (bidi marks, zero-width space,
/// BOM, soft hyphen, tag characters) are dropped, tab, newline, carriage return and line
/// separators become a space. The dashboard only adds a fast path for plain ASCII (returned as
/// it is) and, in ``CellGrid``, display-width handling on top; unlike messages, its own spacing
/// is kept (``TextSanitizer/clean(_:)`` neither trims nor collapses).
enum DisplaySanitizer {
    /// `text` with control characters, invisible characters and escape sequences removed.
    static func clean(_ text: String) -> String {
        if isPlainASCII(text) { return text }
        return TextSanitizer.clean(text)
    }

    /// Whether every byte is printable ASCII (the common case, returned unchanged).
    static func isPlainASCII(_ text: String) -> Bool {
        for byte in text.utf8 where byte < 0x20 || byte >= 0x7F { return false }
        return true
    }
}
