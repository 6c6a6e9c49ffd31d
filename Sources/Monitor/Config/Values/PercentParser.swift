/// Parses and formats percentages: `50%` is 0.5, `12.5%` is 0.125.
///
/// The `%` sign is required. A bare `0.5` or `50` is rejected with a hint showing both readings,
/// because `failure_rate: 1` silently meaning 100% (or 1%) is the kind of surprise a config check
/// exists to prevent. Values are fractions in 0...1.
public enum PercentParser {
    /// Parses `text` (`0%`…`100%`) into a fraction in 0...1.
    public static func parse(_ text: String) throws(ConfigValueError) -> Double {
        let body = try ValueText.trimmed(text, what: "percentage", example: "50%")
        let shown = ValueText.quoted(body)
        guard body.hasSuffix("%") else {
            let hint: String
            if ValueText.decimal(body) != nil, let value = Double(body) {
                hint =
                    value <= 1
                    ? "write a percentage with a % sign, e.g. \(formatNumber(value * 100))%"
                    : "write a percentage with a % sign, e.g. \(formatNumber(value))%"
            } else {
                hint = "write a percentage such as 50%"
            }
            throw ConfigValueError("missing % in \(shown)", hint: hint)
        }
        let number = body.dropLast().trimmingSpaces
        if number.first == "-" {
            throw ConfigValueError("negative percentage \(shown)", hint: "percentages are 0% to 100%")
        }
        guard ValueText.decimal(number) != nil, let value = Double(number), value.isFinite else {
            throw ConfigValueError(
                "invalid percentage \(shown)", hint: "write a percentage such as 50% or 12.5%")
        }
        guard value <= 100 else {
            throw ConfigValueError("percentage \(shown) is over 100%", hint: "percentages are 0% to 100%")
        }
        return value / 100
    }

    /// Formats a fraction as a percentage: 0.5 → `50%`, 0.125 → `12.5%`.
    public static func format(_ fraction: Double) -> String {
        formatNumber(fraction * 100) + "%"
    }

    static func formatNumber(_ value: Double) -> String {
        let rounded = (value * 1_000_000).rounded() / 1_000_000
        if rounded == rounded.rounded(), abs(rounded) < 1e15 { return String(Int64(rounded)) }
        return String(rounded)
    }
}
