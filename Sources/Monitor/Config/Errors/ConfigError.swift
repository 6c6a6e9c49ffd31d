/// One problem in a config file, with where it is and how to fix it.
///
/// Printed like a compiler diagnostic, so editors and terminals can jump to it:
/// ```
/// config.yaml:12:5: unknown key "failure_treshold" in breaker
///   hint: did you mean "failure_threshold"?
/// ```
/// Messages never contain secret values: they quote the file's text (`${API_TOKEN}`), not the
/// substituted result, and pass through the config's ``Redactor``.
public struct ConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What sort of problem, for tests and tools (the message is for people).
    public var kind: Kind
    /// The config file, as given.
    public var file: String
    /// 1-based line, or 0 when the problem is the whole file (e.g. it cannot be read).
    public var line: Int
    /// 1-based column in Unicode scalars, or 0 with `line`.
    public var column: Int
    /// What is wrong.
    public var message: String
    /// How to fix it.
    public var hint: String?

    /// Problem categories.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The file cannot be found or read, or is too large.
        case io
        /// Not valid YAML (or not UTF-8).
        case syntax
        /// A key that does not belong where it is.
        case unknownKey = "unknown_key"
        /// The same key twice in one mapping.
        case duplicateKey = "duplicate_key"
        /// A required key is absent.
        case missingKey = "missing_key"
        /// A mapping where a scalar was expected, a word where a number was expected, and so on.
        case wrongType = "wrong_type"
        /// A value of the right type that is out of range or malformed (`5x`, `150%`, `0`).
        case invalidValue = "invalid_value"
        /// A URL that does not parse or uses a scheme other than http/https.
        case invalidURL = "invalid_url"
        /// Two endpoints with the same name.
        case duplicateName = "duplicate_name"
        /// `rate_limit:` names a limiter that `rate_limits:` does not define.
        case unknownRateLimit = "unknown_rate_limit"
        /// `${VAR}` where `VAR` is not set.
        case missingVariable = "missing_variable"
        /// Settings that together can never work (e.g. `half_open_calls: 0`, `failure_rate` without `window`).
        case unreachable
    }

    /// Creates an error.
    public init(_ kind: Kind, file: String, line: Int, column: Int, message: String, hint: String? = nil) {
        self.kind = kind
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.hint = hint
    }

    /// `FILE:LINE:COL: message`, then `  hint: …` on its own line when there is a hint.
    public var description: String {
        let location = line > 0 ? "\(file):\(line):\(column)" : file
        let head = "\(location): \(message)"
        return hint.map { "\(head)\n  hint: \($0)" } ?? head
    }
}

/// Every problem found in a config file, reported at once so one edit-check cycle fixes them all.
public struct ConfigErrors: Error, Sendable, Hashable, CustomStringConvertible {
    /// The problems, ordered by position in the file.
    public var errors: [ConfigError]

    /// Creates the collection.
    public init(_ errors: [ConfigError]) { self.errors = errors }

    /// Each error's description, then a count line.
    public var description: String {
        let count = errors.count == 1 ? "1 error" : "\(errors.count) errors"
        return (errors.map(\.description) + [count]).joined(separator: "\n")
    }
}

/// Something valid but probably not what was meant, e.g. `tls_verify: false`.
///
/// Printed as `FILE:LINE:COL: warning: message`. Warnings never stop a config from loading.
public struct ConfigWarning: Sendable, Hashable, CustomStringConvertible {
    /// The config file.
    public var file: String
    /// 1-based line, or 0 for the whole file.
    public var line: Int
    /// 1-based column, or 0.
    public var column: Int
    /// What is suspicious.
    public var message: String
    /// The endpoint concerned, if any.
    public var endpoint: String?

    /// Creates a warning.
    public init(file: String, line: Int, column: Int, message: String, endpoint: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.endpoint = endpoint
    }

    /// `FILE:LINE:COL: warning: message`.
    public var description: String {
        let location = line > 0 ? "\(file):\(line):\(column)" : file
        return "\(location): warning: \(message)"
    }
}
