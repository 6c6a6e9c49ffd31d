public import Foundation

/// Short, fixed-width number and time formats for cells.
///
/// Hand-rolled instead of `String(format:)`: a frame formats hundreds of numbers and these are
/// allocation-light and locale-independent (a dashboard in a German locale still prints `12.5`).
public enum Format {
    /// `value` with `decimals` digits after the point (rounded half away from zero).
    public static func fixed(_ value: Double, _ decimals: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "-" : (value > 0 ? "inf" : "-inf") }
        var scale = 1.0
        for _ in 0..<max(0, decimals) { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9e15 else { return value > 0 ? "huge" : "-huge" }
        let whole = Int64(scaled)
        let unit = Int64(scale)
        let integer = whole / unit
        var text = value < 0 && whole != 0 ? "-" : ""
        text += String(integer)
        if decimals > 0 {
            let fraction = String(whole % unit)
            text += "." + String(repeating: "0", count: decimals - fraction.count) + fraction
        }
        return text
    }

    /// Milliseconds in at most 6 columns: `0.42`, `12.5`, `340`, `1.25s`, `2.0m`.
    public static func milliseconds(_ ms: Double) -> String {
        guard ms.isFinite, ms >= 0 else { return "-" }
        if ms < 10 { return fixed(ms, 2) }
        if ms < 100 { return fixed(ms, 1) }
        if ms < 1_000 { return fixed(ms, 0) }
        if ms < 60_000 { return fixed(ms / 1_000, ms < 10_000 ? 2 : 1) + "s" }
        return fixed(ms / 60_000, 1) + "m"
    }

    /// A duration as `850ms`, `12s`, `4m05s`, `1h02m`, `3d04h`.
    public static func duration(_ duration: Duration) -> String {
        let seconds = duration.seconds
        if seconds < 0 { return "-" + Format.duration(.zero - duration) }
        if seconds < 1 { return fixed(seconds * 1_000, 0) + "ms" }
        let total = Int(seconds)
        if total < 60 { return seconds < 10 ? fixed(seconds, 1) + "s" : "\(total)s" }
        if total < 3_600 { return "\(total / 60)m" + pad2(total % 60) + "s" }
        if total < 86_400 { return "\(total / 3_600)h" + pad2(total % 3_600 / 60) + "m" }
        return "\(total / 86_400)d" + pad2(total % 86_400 / 3_600) + "h"
    }

    /// A countdown in whole seconds, rounded up so it never shows 0 early: `9s`, `1m05s`.
    public static func countdown(_ remaining: Duration) -> String {
        let seconds = Int(remaining.seconds.rounded(.up))
        if seconds < 60 { return "\(max(0, seconds))s" }
        return duration(.seconds(seconds))
    }

    /// A ratio 0...1 as a percentage: `100%`, `99.9%`, `5.0%`, or `-` when unknown.
    public static func percent(_ ratio: Double?) -> String {
        guard let ratio, ratio.isFinite else { return "-" }
        if ratio >= 1 { return "100%" }
        return fixed(ratio * 100, 1) + "%"
    }

    /// A rate per second: `0.5`, `12.0`, `340`, `12k`.
    public static func rate(_ value: Double) -> String {
        guard value.isFinite, value >= 0 else { return "-" }
        if value < 100 { return fixed(value, 1) }
        if value < 10_000 { return fixed(value, 0) }
        return fixed(value / 1_000, 0) + "k"
    }

    /// A count in at most 5 columns: `42`, `9999`, `12k`, `3.4M`.
    public static func count(_ value: Int) -> String {
        if value < 10_000 { return String(value) }
        if value < 1_000_000 { return String(value / 1_000) + "k" }
        return fixed(Double(value) / 1_000_000, 1) + "M"
    }

    /// Wall-clock `HH:MM:SS` at `utcOffset` seconds from UTC (passed in so tests are deterministic).
    public static func clock(_ date: Date, utcOffset: Int) -> String {
        let seconds = Int((date.timeIntervalSince1970).rounded(.down)) + utcOffset
        let day = ((seconds % 86_400) + 86_400) % 86_400
        return pad2(day / 3_600) + ":" + pad2(day % 3_600 / 60) + ":" + pad2(day % 60)
    }

    private static func pad2(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
