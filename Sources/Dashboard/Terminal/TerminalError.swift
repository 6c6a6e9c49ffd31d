/// Why the dashboard cannot take over the terminal.
///
/// Each message says what to use instead: `ethotop snapshot` (one report) or `ethotop watch`
/// (a line per change), which need no terminal.
public enum TerminalError: Error, Sendable, Equatable, CustomStringConvertible {
    /// stdin or stdout is not a terminal (piped, redirected, cron, CI).
    case notATerminal
    /// `TERM` is unset, empty or `dumb`.
    case unsupportedTerminal(String?)
    /// ncurses could not start on this terminal type.
    case initializationFailed(String)

    /// A message for stderr.
    public var description: String {
        let alternatives =
            "use `ethotop snapshot` for a one-shot report or `ethotop watch` for a line per change"
        switch self {
        case .notATerminal:
            return "ethotop: the dashboard needs an interactive terminal (stdin/stdout is not a tty); "
                + alternatives
        case .unsupportedTerminal(let term):
            let name = term.map { $0.isEmpty ? "empty" : "\"\($0)\"" } ?? "unset"
            return
                "ethotop: TERM is \(name), so the dashboard cannot draw; set TERM (e.g. xterm-256color) or "
                + alternatives
        case .initializationFailed(let term):
            return "ethotop: cannot initialise the terminal \"\(term)\" (missing terminfo entry?); "
                + alternatives
        }
    }
}
