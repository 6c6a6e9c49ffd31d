/// Parses and formats durations written as in Go: `250ms`, `5s`, `2m`, `1h`, `1m30s`, `1.5s`.
///
/// Units: `ns`, `us` (or `µs`), `ms`, `s`, `m`, `h`. Components may be combined (`1h30m`) and may
/// have a fraction (`1.5s`). A bare `0` is allowed; any other number needs a unit, because `5`
/// could mean seconds or milliseconds and guessing wrong is how a probe ends up hammering a service.
/// Negative durations and anything past ~292 years (Int64 nanoseconds) are rejected.
/// The parser is total: it returns a value or throws a ``ConfigValueError``, whatever the input.
public enum DurationParser {
    /// Units, longest spelling first so `ms` is tried before `m`.
    static let units: [(name: String, nanoseconds: Int64)] = [
        ("ns", 1), ("us", 1_000), ("\u{00B5}s", 1_000), ("\u{03BC}s", 1_000), ("ms", 1_000_000),
        ("s", 1_000_000_000), ("m", 60_000_000_000), ("h", 3_600_000_000_000),
    ]

    /// Parses `text` into a non-negative duration.
    public static func parse(_ text: String) throws(ConfigValueError) -> Duration {
        let body = try ValueText.trimmed(text, what: "duration", example: "5s")
        let shown = ValueText.quoted(body)
        if body.first == "-" {
            throw ConfigValueError("negative duration \(shown)", hint: "durations must be zero or more")
        }
        if body == "0" { return .zero }
        var rest = body
        var total: Int64 = 0
        while !rest.isEmpty {
            let number = rest.prefix(while: { ($0.isASCII && $0.isNumber) || $0 == "." })
            guard let (whole, fraction) = ValueText.decimal(number) else {
                throw ConfigValueError(
                    "invalid duration \(shown)", hint: "write a number and a unit, e.g. 250ms, 5s, 1m30s")
            }
            rest = rest[number.endIndex...]
            let unitText = rest.prefix(while: { !($0.isASCII && $0.isNumber) && $0 != "." })
            rest = rest[unitText.endIndex...]
            if unitText.isEmpty {
                throw ConfigValueError(
                    "missing unit in duration \(shown)", hint: "write \(number)s or \(number)ms")
            }
            guard let unit = units.first(where: { $0.name == unitText }) else {
                throw ConfigValueError(
                    "unknown unit \(ValueText.quoted(unitText)) in duration \(shown)",
                    hint: unitHint(String(unitText)))
            }
            guard let nanos = ValueText.scaled(whole: whole, fraction: fraction, unit: unit.nanoseconds),
                case let (sum, overflow) = total.addingReportingOverflow(nanos), !overflow
            else {
                throw ConfigValueError(
                    "duration \(shown) is too large", hint: "the largest duration is about 292 years")
            }
            total = sum
        }
        return .nanoseconds(total)
    }

    private static func unitHint(_ unit: String) -> String {
        switch unit.lowercased() {
        case "d", "day", "days": return "there is no day unit; write 24h"
        case "sec", "secs", "second", "seconds": return "write s, e.g. 5s"
        case "min", "mins", "minute", "minutes": return "write m, e.g. 2m"
        case "hr", "hrs", "hour", "hours": return "write h, e.g. 1h"
        case "msec", "millis", "milliseconds": return "write ms, e.g. 250ms"
        default:
            if unit != unit.lowercased() { return "units are lower case: ns, us, ms, s, m, h" }
            return "valid units: ns, us, ms, s, m, h"
        }
    }

    /// Formats a duration so that ``parse(_:)`` reads it back exactly: `250ms`, `1.5s`, `1m30s`, `1h`.
    public static func format(_ duration: Duration) -> String {
        let nanos = duration.nanoseconds
        if nanos == 0 { return "0s" }
        if nanos < 0 { return "-" + format(.nanoseconds(nanos == .min ? .max : -nanos)) }
        if nanos < 1_000 { return "\(nanos)ns" }
        if nanos < 1_000_000 { return ValueText.decimalString(nanos, divisor: 1_000, digits: 3) + "us" }
        if nanos < 1_000_000_000 {
            return ValueText.decimalString(nanos, divisor: 1_000_000, digits: 6) + "ms"
        }
        let hours = nanos / 3_600_000_000_000
        let minutes = nanos % 3_600_000_000_000 / 60_000_000_000
        let rest = nanos % 60_000_000_000
        var out = ""
        if hours > 0 { out += "\(hours)h" }
        if minutes > 0 { out += "\(minutes)m" }
        if rest > 0 { out += ValueText.decimalString(rest, divisor: 1_000_000_000, digits: 9) + "s" }
        return out
    }
}
