/// Why a config value such as `5x` or `150%` was rejected, with a hint on how to write it.
///
/// The value parsers are pure and position-free; the loader attaches `FILE:LINE:COL` when it turns
/// one of these into a ``ConfigError``.
public struct ConfigValueError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, e.g. `missing unit in "5"`.
    public var message: String
    /// How to fix it, e.g. `write 5s or 5ms`.
    public var hint: String?

    /// Creates a value error.
    public init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }

    /// The message, then the hint.
    public var description: String {
        hint.map { "\(message) (hint: \($0))" } ?? message
    }
}

/// Shared helpers for the value parsers.
enum ValueText {
    /// Longest input a value parser looks at; anything longer is certainly a mistake.
    static let maxLength = 64

    /// The text trimmed of spaces and tabs, or an error when it is empty or absurdly long.
    static func trimmed(_ text: String, what: String, example: String) throws(ConfigValueError) -> Substring {
        let trimmed = text.drop(while: { $0 == " " || $0 == "\t" })
        let end = trimmed.lastIndex(where: { $0 != " " && $0 != "\t" })
        let body = end.map { trimmed[...$0] } ?? ""
        if body.isEmpty { throw ConfigValueError("empty \(what)", hint: "write e.g. \(example)") }
        if body.count > maxLength {
            throw ConfigValueError(
                "\(what) is too long (\(body.count) characters)", hint: "write e.g. \(example)")
        }
        return body
    }

    /// A quoted, display-safe rendering of user text (control characters escaped).
    static func quoted(_ text: some StringProtocol) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.properties.generalCategory == .control {
                    out += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// Splits `12.5` into whole digits `12` and fraction digits `5`; `nil` unless the text is only
    /// ASCII digits with at most one dot and at least one digit.
    static func decimal(_ text: Substring) -> (whole: Substring, fraction: Substring)? {
        var dot: Substring.Index?
        for index in text.indices {
            let character = text[index]
            if character == "." {
                if dot != nil { return nil }
                dot = index
            } else if !character.isASCII || !character.isNumber {
                return nil
            }
        }
        guard let dot else { return text.isEmpty ? nil : (text, "") }
        let whole = text[..<dot]
        let fraction = text[text.index(after: dot)...]
        if whole.isEmpty && fraction.isEmpty { return nil }
        return (whole, fraction)
    }

    /// `whole.fraction × unit`, truncated toward zero; `nil` on overflow.
    static func scaled(whole: Substring, fraction: Substring, unit: Int64) -> Int64? {
        var total: Int64 = 0
        for digit in whole.utf8 {
            let (times10, o1) = total.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(Int64(digit - 48))
            if o1 || o2 { return nil }
            total = sum
        }
        let (product, o3) = total.multipliedReportingOverflow(by: unit)
        if o3 { return nil }
        let digits = fraction.prefix(18)
        guard !digits.isEmpty else { return product }
        var numerator: Int64 = 0
        var denominator: Int64 = 1
        for digit in digits.utf8 {
            numerator = numerator * 10 + Int64(digit - 48)
            denominator *= 10
        }
        // unit × numerator may exceed 64 bits; divide the 128-bit product exactly.
        let wide = unit.multipliedFullWidth(by: numerator)
        let (quotient, _) = denominator.dividingFullWidth(wide)
        let (result, o4) = product.addingReportingOverflow(quotient)
        return o4 ? nil : result
    }

    /// `value` as the shortest decimal with up to `digits` fraction digits (`1.5`, `250`, `0.125`).
    static func decimalString(_ value: Int64, divisor: Int64, digits: Int) -> String {
        let whole = value / divisor
        var remainder = value % divisor
        if remainder == 0 { return "\(whole)" }
        var fraction = ""
        var scale = divisor
        for _ in 0..<digits where remainder > 0 {
            scale /= 10
            if scale == 0 { break }
            fraction += "\(remainder / scale)"
            remainder %= scale
        }
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return fraction.isEmpty ? "\(whole)" : "\(whole).\(fraction)"
    }
}
