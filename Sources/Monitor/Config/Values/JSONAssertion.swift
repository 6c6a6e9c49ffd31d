import Foundation

/// One `expect.json` condition, `'<path> <op> [<value>]'`, parsed at config load.
///
/// Paths are a JSONPath subset: `$`, then `.key`, `['key']` (or `["key"]`), `[N]` and `[*]`.
/// Operators: `==`, `!=`, `<`, `<=`, `>`, `>=` (numbers), `=~` (an ICU regular expression, as
/// `body_regex`), `exists`, `!exists`. Values are JSON literals (`"UP"`, `3`, `true`, `null`) or
/// single-quoted strings. Through `[*]`, every element must meet the condition (and there must
/// be at least one); `exists` needs one, `!exists` none.
public struct JSONAssertion: Sendable, Hashable, CustomStringConvertible {
    /// One step of a path.
    public enum Segment: Sendable, Hashable {
        /// An object member.
        case key(String)
        /// An array element (0-based; negative counts from the end).
        case index(Int)
        /// Every element of an array, or every member value of an object.
        case wildcard
    }

    /// The comparison.
    public enum Operator: String, Sendable, Hashable, CaseIterable {
        case equal = "=="
        case notEqual = "!="
        case less = "<"
        case lessOrEqual = "<="
        case greater = ">"
        case greaterOrEqual = ">="
        case matches = "=~"
        case exists
        case notExists = "!exists"
    }

    /// A scalar to compare with.
    public enum Literal: Sendable, Hashable {
        case null
        case bool(Bool)
        case number(Double)
        case string(String)
    }

    /// The path, after `$`.
    public var path: [Segment]
    /// The comparison.
    public var op: Operator
    /// The value compared with (nil for `exists` and `!exists`).
    public var operand: Literal?
    /// The condition as written, for messages.
    public var text: String

    /// The condition as written.
    public var description: String { text }

    /// A parse failure: what and at which character (1-based) of the condition.
    public struct ParseError: Error, Equatable {
        /// What is wrong.
        public var message: String
        /// 1-based character offset in the condition.
        public var offset: Int
    }

    /// Parses one condition.
    public static func parse(_ text: String) throws(ParseError) -> JSONAssertion {
        var scanner = Scanner(Array(text.unicodeScalars))
        let path = try scanner.path()
        scanner.skipSpaces()
        let op = try scanner.op()
        var operand: Literal?
        if op != .exists && op != .notExists {
            scanner.skipSpaces()
            operand = try scanner.literal()
            switch (op, operand) {
            case (.less, .number?), (.lessOrEqual, .number?), (.greater, .number?),
                (.greaterOrEqual, .number?):
                break
            case (.less, _), (.lessOrEqual, _), (.greater, _), (.greaterOrEqual, _):
                throw ParseError(
                    message: "\(op.rawValue) compares numbers; the value must be a number",
                    offset: scanner.start)
            case (.matches, .string(let pattern)?):
                do {
                    _ = try NSRegularExpression(pattern: pattern)
                } catch {
                    throw ParseError(message: "=~ needs a valid regular expression", offset: scanner.start)
                }
            case (.matches, _):
                throw ParseError(message: "=~ needs a quoted regular expression", offset: scanner.start)
            default: break
            }
        }
        scanner.skipSpaces()
        guard scanner.atEnd else {
            throw ParseError(message: "unexpected text after the condition", offset: scanner.position + 1)
        }
        return JSONAssertion(path: path, op: op, operand: operand, text: text)
    }

    /// `$.a.b[0]` for messages.
    public static func render(_ path: [Segment]) -> String {
        var out = "$"
        for segment in path {
            switch segment {
            case .key(let key):
                if !key.isEmpty, key.unicodeScalars.allSatisfy(Scanner.isNameScalar) {
                    out += ".\(key)"
                } else {
                    out += "['\(key)']"
                }
            case .index(let index): out += "[\(index)]"
            case .wildcard: out += "[*]"
            }
        }
        return out
    }
}

extension JSONAssertion {
    /// A cursor over the condition's scalars.
    struct Scanner {
        let scalars: [Unicode.Scalar]
        var position = 0
        /// Where the current token began (1-based), for errors.
        var start = 1

        init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

        var atEnd: Bool { position >= scalars.count }
        var current: Unicode.Scalar? { atEnd ? nil : scalars[position] }

        static func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
            scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-"
        }

        func failure(_ message: String) -> ParseError { ParseError(message: message, offset: position + 1) }

        mutating func skipSpaces() {
            while let scalar = current, scalar == " " || scalar == "\t" { position += 1 }
        }

        mutating func path() throws(ParseError) -> [Segment] {
            skipSpaces()
            guard current == "$" else { throw failure("a path starts with $, e.g. $.status") }
            position += 1
            var segments: [Segment] = []
            while let scalar = current {
                if scalar == "." {
                    position += 1
                    let from = position
                    while let name = current, Self.isNameScalar(name) { position += 1 }
                    guard position > from else { throw failure("expected a member name after '.'") }
                    segments.append(.key(String(String.UnicodeScalarView(scalars[from..<position]))))
                } else if scalar == "[" {
                    position += 1
                    segments.append(try bracket())
                } else {
                    break
                }
                guard segments.count <= 32 else { throw failure("a path has at most 32 steps") }
            }
            return segments
        }

        private mutating func bracket() throws(ParseError) -> Segment {
            guard let scalar = current else { throw failure("unclosed [") }
            let segment: Segment
            if scalar == "*" {
                position += 1
                segment = .wildcard
            } else if scalar == "'" || scalar == "\"" {
                segment = .key(try quoted(scalar))
            } else {
                let from = position
                if current == "-" { position += 1 }
                while let digit = current, ("0"..."9").contains(digit) { position += 1 }
                guard let index = Int(String(String.UnicodeScalarView(scalars[from..<position]))),
                    abs(index) < 1_000_000
                else { throw failure("expected an index, * or a quoted key inside [ ]") }
                segment = .index(index)
            }
            guard current == "]" else { throw failure("expected ]") }
            position += 1
            return segment
        }

        /// A string in `quote`s; `\` escapes the next character.
        private mutating func quoted(_ quote: Unicode.Scalar) throws(ParseError) -> String {
            let opening = position
            position += 1
            var out = String.UnicodeScalarView()
            while let scalar = current {
                position += 1
                if scalar == quote { return String(out) }
                if scalar == "\\", quote == "'", let next = current {
                    // Only \' and \\ are escapes; any other backslash stays (regular expressions).
                    position += 1
                    if next != "'" && next != "\\" { out.append(scalar) }
                    out.append(next)
                } else if scalar == "\\", quote == "\"" {
                    // JSON escapes: let the JSON reader decode the whole literal.
                    guard let next = current else { break }
                    position += 1
                    out.append(scalar)
                    out.append(next)
                } else {
                    out.append(scalar)
                }
            }
            position = opening
            throw failure("unterminated string")
        }

        mutating func op() throws(ParseError) -> Operator {
            start = position + 1
            let rest = String(String.UnicodeScalarView(scalars[position...]))
            // Longest first, so "<=" is not read as "<".
            for candidate in [
                Operator.notExists, .exists, .equal, .notEqual, .lessOrEqual, .greaterOrEqual, .matches,
            ]
                + [.less, .greater] where rest.hasPrefix(candidate.rawValue)
            {
                if candidate == .exists || candidate == .notExists {
                    let after = rest.unicodeScalars.dropFirst(candidate.rawValue.unicodeScalars.count).first
                    if let after, Self.isNameScalar(after) { continue }
                }
                position += candidate.rawValue.unicodeScalars.count
                return candidate
            }
            throw failure("expected an operator: == != < <= > >= =~ exists !exists")
        }

        mutating func literal() throws(ParseError) -> Literal {
            start = position + 1
            guard let scalar = current else { throw failure("expected a value after the operator") }
            if scalar == "'" { return .string(try quoted("'")) }
            if scalar == "\"" {
                let raw = try quoted("\"")
                switch try? JSONReader.read(Array("\"\(raw)\"".utf8)) {
                case .string(let value)?: return .string(value)
                default: throw ParseError(message: "bad escape in the string", offset: start)
                }
            }
            let from = position
            while let next = current, next != " ", next != "\t" { position += 1 }
            let word = String(String.UnicodeScalarView(scalars[from..<position]))
            switch try? JSONReader.read(Array(word.utf8)) {
            case .null?: return .null
            case .bool(let value)?: return .bool(value)
            case .number(let value)?: return .number(value)
            default:
                throw ParseError(
                    message: "expected a value: a number, true, false, null or a quoted string", offset: start
                )
            }
        }
    }
}
