import Foundation
import Probe

/// An endpoint's `expect.json` conditions, with their regular expressions compiled once.
///
/// Checked against the probe's body prefix (the first 4 KiB, ``ProbeResult/bodyPrefixLimit``):
/// a longer body fails clearly rather than being judged on a cut document.
public struct JSONExpectation: @unchecked Sendable {
    // NSRegularExpression is immutable after creation and documented as thread-safe for matching.
    private let conditions: [(JSONAssertion, NSRegularExpression?)]
    /// What of the document the conditions can read (`nil`: all of it).
    private let trie: JSONPathTrie?

    /// Compiles the conditions, or returns `nil` when there are none.
    public init?(_ assertions: [JSONAssertion]) {
        guard !assertions.isEmpty else { return nil }
        conditions = assertions.map { assertion in
            if case .string(let pattern)? = assertion.operand, assertion.op == .matches {
                return (assertion, try? NSRegularExpression(pattern: pattern))
            }
            return (assertion, nil)
        }
        trie = JSONPathTrie.make(assertions.map(\.path))
    }

    /// `nil` when the body meets every condition, else why not: the condition and the actual
    /// value (unsanitised: the caller sanitises and redacts).
    public func failure(body: [UInt8], totalBytes: Int) -> String? {
        guard totalBytes <= body.count else {
            return
                "body is \(totalBytes) bytes; expect.json reads JSON bodies of at most \(ProbeResult.bodyPrefixLimit) bytes"
        }
        let document: JSONValue
        do {
            document = try JSONReader.read(body, only: trie)
        } catch {
            return "body is \(error.message)"
        }
        for (assertion, regex) in conditions {
            if let reason = Self.check(assertion, regex: regex, in: document) {
                return "\(assertion.text): \(reason)"
            }
        }
        return nil
    }

    /// Why `assertion` fails on `document`, or nil when it holds.
    static func check(_ assertion: JSONAssertion, regex: NSRegularExpression?, in document: JSONValue)
        -> String?
    {
        let found = select(assertion.path, from: document)
        let where_ = JSONAssertion.render(assertion.path)
        switch assertion.op {
        case .exists: return found.isEmpty ? "\(where_) does not exist" : nil
        case .notExists:
            return found.first.map { "\(where_) exists (\($0.summary()))" }
        default: break
        }
        guard !found.isEmpty else { return "\(where_) does not exist" }
        for value in found where !holds(assertion, regex: regex, value) {
            return "\(where_) is \(value.summary())"
        }
        return nil
    }

    /// Every value `path` leads to (several through `[*]`, none when it leads nowhere).
    static func select(_ path: [JSONAssertion.Segment], from document: JSONValue) -> [JSONValue] {
        var current = [document]
        for segment in path {
            var next: [JSONValue] = []
            for value in current {
                switch (segment, value) {
                case (.key(let key), _):
                    if let member = value.member(key) { next.append(member) }
                case (.index(let index), .array(let items)):
                    let position = index < 0 ? items.count + index : index
                    if items.indices.contains(position) { next.append(items[position]) }
                case (.wildcard, .array(let items)): next += items
                case (.wildcard, .object(let members)): next += members.map(\.1)
                default: break
                }
            }
            current = next
            if current.isEmpty { break }
        }
        return current
    }

    private static func holds(_ assertion: JSONAssertion, regex: NSRegularExpression?, _ value: JSONValue)
        -> Bool
    {
        guard let operand = assertion.operand else { return true }
        switch assertion.op {
        case .equal: return equals(value, operand)
        case .notEqual: return !equals(value, operand)
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            guard case .number(let actual) = value, case .number(let limit) = operand else { return false }
            switch assertion.op {
            case .less: return actual < limit
            case .lessOrEqual: return actual <= limit
            case .greater: return actual > limit
            default: return actual >= limit
            }
        case .matches:
            guard let regex else { return false }
            let text: String
            switch value {
            case .string(let string): text = string
            case .number(let number): text = JSONValue.format(number)
            case .bool(let flag): text = flag ? "true" : "false"
            default: return false
            }
            return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
        case .exists, .notExists: return true
        }
    }

    private static func equals(_ value: JSONValue, _ literal: JSONAssertion.Literal) -> Bool {
        switch (value, literal) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.number(let a), .number(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        default: return false
        }
    }
}
