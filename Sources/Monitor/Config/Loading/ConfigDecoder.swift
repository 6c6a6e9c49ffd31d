import Yams

/// Turns a composed YAML tree into a ``MonitorConfig``, collecting every problem on the way.
///
/// One instance per load, used on one thread. Readers never stop at the first problem: each
/// returns `nil` for a bad value, records a ``ConfigError`` with the node's position, and decoding
/// goes on, so the user sees all errors at once. Errors are de-duplicated by position and message,
/// because a bad value in `defaults:` is decoded once per endpoint it is merged into.
final class ConfigDecoder {
    let file: String
    let expander: VariableExpander
    private(set) var errors: [ConfigError] = []
    private(set) var warnings: [ConfigWarning] = []
    private var seenErrors = Set<String>()
    private var seenWarnings = Set<String>()
    /// Every secret met so far (URL passwords, `${VAR}` values, literal credential headers).
    var redactor = Redactor()

    /// Nodes visited; bounds the work an alias bomb (`a: &a [*a, *a, …]`) can cause.
    private var visits = 0
    static let maxVisits = 200_000
    private(set) var exhausted = false

    init(file: String, environment: [String: String]) {
        self.file = file
        self.expander = VariableExpander(environment: environment)
    }

    // MARK: Diagnostics

    /// Records an error at `node` (or at the start of the file when `node` has no position).
    func error(_ kind: ConfigError.Kind, at node: Node?, _ message: String, hint: String? = nil) {
        let mark = node?.mark
        error(kind, line: mark?.line ?? 1, column: mark?.column ?? 1, message, hint: hint)
    }

    /// Records an error at an explicit position.
    func error(_ kind: ConfigError.Kind, line: Int, column: Int, _ message: String, hint: String? = nil) {
        guard seenErrors.insert("\(line):\(column):\(message)").inserted else { return }
        errors.append(ConfigError(kind, file: file, line: line, column: column, message: message, hint: hint))
    }

    /// Records a warning at `node`.
    func warn(at node: Node?, _ message: String, endpoint: String? = nil) {
        let mark = node?.mark
        let (line, column) = (mark?.line ?? 0, mark?.column ?? 0)
        guard seenWarnings.insert("\(line):\(column):\(message)").inserted else { return }
        warnings.append(
            ConfigWarning(file: file, line: line, column: column, message: message, endpoint: endpoint))
    }

    /// Errors and warnings in file order, with every known secret redacted from their text.
    func finish() -> (errors: [ConfigError], warnings: [ConfigWarning]) {
        let redactor = self.redactor
        let sortedErrors = errors.enumerated().sorted {
            ($0.element.line, $0.element.column, $0.offset) < ($1.element.line, $1.element.column, $1.offset)
        }.map { entry -> ConfigError in
            var error = entry.element
            error.message = redactor.redact(error.message)
            error.hint = error.hint.map(redactor.redact)
            return error
        }
        let sortedWarnings = warnings.enumerated().sorted {
            ($0.element.line, $0.element.column, $0.offset) < ($1.element.line, $1.element.column, $1.offset)
        }.map { entry -> ConfigWarning in
            var warning = entry.element
            warning.message = redactor.redact(warning.message)
            return warning
        }
        return (sortedErrors, sortedWarnings)
    }

    // MARK: Work bound

    /// Counts one node visit; false (after recording one error) once the bound is passed.
    func visit(_ node: Node) -> Bool {
        if exhausted { return false }
        visits += 1
        if visits > Self.maxVisits {
            exhausted = true
            error(
                .syntax, at: node, "the config is too large once its aliases are expanded",
                hint: "an alias (*name) repeats its anchor's whole content; avoid aliases of aliases")
            return false
        }
        return true
    }

    // MARK: Node descriptions

    /// `a mapping`, `a list`, `the number 5`, … for "expected X, got Y" messages.
    static func describe(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar(let scalar):
            if isNull(node) { return "nothing (null)" }
            let text = scalar.string
            if scalar.style == .plain {
                if Int(text) != nil || Double(text) != nil { return "the number \(text)" }
                if ["true", "false"].contains(text.lowercased()) { return "the boolean \(text)" }
            }
            return "the text \(ValueText.quoted(text.prefix(40)))"
        }
    }

    /// Whether `node` is YAML null (`~`, `null`, or nothing).
    static func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any else {
            return false
        }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }
}
