/// An inclusive range of HTTP status codes that counts as success: `200-299`, `404`, `2xx`.
///
/// Codes are limited to 100...599, the range RFC 9110 defines.
public struct StatusRange: Sendable, Hashable, CustomStringConvertible {
    /// Lowest accepted code.
    public var lower: Int
    /// Highest accepted code.
    public var upper: Int

    /// Creates a range; `lower...upper` must lie within 100...599 and be ordered.
    public init(_ lower: Int, _ upper: Int) {
        self.lower = lower
        self.upper = upper
    }

    /// A single code.
    public init(_ code: Int) { self.init(code, code) }

    /// The 2xx class, the default expectation.
    public static let success = StatusRange(200, 299)

    /// Whether `status` lies in the range.
    public func contains(_ status: Int) -> Bool { lower <= status && status <= upper }

    /// `200-299`, or `404` for a single code.
    public var description: String { lower == upper ? "\(lower)" : "\(lower)-\(upper)" }

    /// Parses `200-299`, `404` or `2xx` (any case).
    public static func parse(_ text: String) throws(ConfigValueError) -> StatusRange {
        let body = try ValueText.trimmed(text, what: "status", example: "200-299")
        let shown = ValueText.quoted(body)
        let hint = "write a code such as 404, a range such as 200-299, or a class such as 2xx"
        if body.count == 3, body.lowercased().hasSuffix("xx"), let first = body.first, first.isASCII,
            let digit = first.wholeNumberValue
        {
            guard (1...5).contains(digit) else {
                throw ConfigValueError("status class \(shown) is not 1xx to 5xx", hint: hint)
            }
            return StatusRange(digit * 100, digit * 100 + 99)
        }
        let parts = body.split(separator: "-", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count <= 2 else { throw ConfigValueError("invalid status range \(shown)", hint: hint) }
        var codes: [Int] = []
        for part in parts {
            let trimmed = part.trimmingSpaces
            guard !trimmed.isEmpty, trimmed.count <= 3, trimmed.allSatisfy({ $0.isASCII && $0.isNumber }),
                let code = Int(trimmed)
            else {
                throw ConfigValueError("invalid status \(shown)", hint: hint)
            }
            guard (100...599).contains(code) else {
                throw ConfigValueError("status \(code) is not between 100 and 599", hint: hint)
            }
            codes.append(code)
        }
        guard let lower = codes.first, let upper = codes.last else {
            throw ConfigValueError("invalid status \(shown)", hint: hint)
        }
        guard lower <= upper else {
            throw ConfigValueError("status range \(shown) is backwards", hint: "write \(upper)-\(lower)")
        }
        return StatusRange(lower, upper)
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        let start = drop(while: { $0 == " " })
        guard let last = start.lastIndex(where: { $0 != " " }) else { return "" }
        return start[...last]
    }
}
