import Foundation

/// The body expectation of an endpoint (`body_contains` and/or `body_regex`), compiled once.
///
/// Checked against the probe's body prefix (the first 4 KiB), decoded leniently as UTF-8.
struct BodyPattern: @unchecked Sendable {
    // NSRegularExpression is immutable after creation and documented as thread-safe for matching.
    private let contains: String?
    private let regex: NSRegularExpression?
    private let pattern: String?

    /// Compiles the expectation, or returns `nil` when the endpoint has none. The loader has
    /// already rejected invalid patterns, so a pattern that fails here is treated as absent.
    init?(_ expect: ExpectSpec) {
        guard expect.bodyContains != nil || expect.bodyRegex != nil else { return nil }
        contains = expect.bodyContains
        pattern = expect.bodyRegex
        regex = expect.bodyRegex.flatMap { try? NSRegularExpression(pattern: $0) }
    }

    /// Whether `body` meets every part of the expectation.
    func matches(_ body: [UInt8]) -> Bool {
        let text = String(decoding: body, as: UTF8.self)
        if let contains, !text.contains(contains) { return false }
        if let regex {
            let range = NSRange(text.startIndex..., in: text)
            if regex.firstMatch(in: text, range: range) == nil { return false }
        }
        return true
    }

    /// "contain “ok”" / "match /…/", for the failure message.
    var summary: String {
        var parts: [String] = []
        if let contains { parts.append("contain \"\(TextSanitizer.sanitize(contains, maxLength: 40))\"") }
        if let pattern { parts.append("match /\(TextSanitizer.sanitize(pattern, maxLength: 40))/") }
        return parts.joined(separator: " and ")
    }
}
