/// A theme file that cannot be used, located precisely: file, line and key.
///
/// Printed as `themes/dark.yaml:12: roles.state_open.fg: unknown colour "rde"` so that the
/// operator can fix it without guessing.
public struct ThemeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file (or `built-in`).
    public var file: String
    /// The 1-based line, 0 when unknown.
    public var line: Int
    /// The dotted key path (`roles.state_open.fg`), empty for whole-file problems.
    public var key: String
    /// What is wrong.
    public var message: String

    /// Creates an error.
    public init(file: String, line: Int, key: String, message: String) {
        self.file = file
        self.line = line
        self.key = key
        self.message = message
    }

    /// `file:line: key: message`.
    public var description: String {
        var text = file
        if line > 0 { text += ":\(line)" }
        text += ": "
        if !key.isEmpty { text += key + ": " }
        return text + message
    }
}
