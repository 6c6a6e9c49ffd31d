/// Substitutes `${VAR}` from an environment, remembering which values it inserted (they are secrets).
///
/// Syntax: `${NAME}` (NAME is `[A-Za-z_][A-Za-z0-9_]*`), `${NAME:-fallback}` (the fallback, which
/// is written in the file and so not secret, when NAME is unset or empty), and `$$` for a literal
/// `$`. A `$` followed by anything else is literal.
struct VariableExpander: Sendable {
    let environment: [String: String]

    /// The outcome of expanding one string.
    struct Expansion {
        /// The text with every reference substituted.
        var value: String
        /// Variables whose (secret) values were inserted, with those values.
        var used: [(name: String, value: String)]
        /// Referenced variables that are not set and have no fallback.
        var missing: [String]
        /// Malformed references, as messages.
        var malformed: [String]
    }

    /// Expands `template`.
    func expand(_ template: String) -> Expansion {
        var result = Expansion(value: "", used: [], missing: [], malformed: [])
        guard template.contains("$") else {
            result.value = template
            return result
        }
        var index = template.startIndex
        while index < template.endIndex {
            let character = template[index]
            let next = template.index(after: index)
            guard character == "$", next < template.endIndex else {
                result.value.append(character)
                index = next
                continue
            }
            if template[next] == "$" {
                result.value.append("$")
                index = template.index(after: next)
                continue
            }
            guard template[next] == "{" else {
                result.value.append(character)
                index = next
                continue
            }
            let bodyStart = template.index(after: next)
            guard let close = template[bodyStart...].firstIndex(of: "}") else {
                result.malformed.append("unterminated \"${\" (no closing \"}\")")
                result.value += template[index...]
                return result
            }
            let body = template[bodyStart..<close]
            index = template.index(after: close)
            let name: Substring
            let fallback: Substring?
            if let separator = body.range(of: ":-") {
                name = body[..<separator.lowerBound]
                fallback = body[separator.upperBound...]
            } else {
                name = body
                fallback = nil
            }
            guard Self.isValidName(name) else {
                result.malformed.append("invalid variable name \(ValueText.quoted(name)) in \"${…}\"")
                continue
            }
            let key = String(name)
            if let value = environment[key], !(fallback != nil && value.isEmpty) {
                result.value += value
                result.used.append((key, value))
            } else if let fallback {
                result.value += fallback
            } else {
                result.missing.append(key)
            }
        }
        return result
    }

    static func isValidName(_ name: Substring) -> Bool {
        guard let first = name.first, first.isASCII, first.isLetter || first == "_" else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    }
}
