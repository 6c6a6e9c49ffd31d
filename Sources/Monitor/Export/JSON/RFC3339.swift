public import Foundation

/// RFC 3339 timestamps in UTC with a `Z` suffix and millisecond precision, e.g.
/// `2026-03-01T12:00:05.250Z`: the one time format of every export (JSON, JSON lines, logs).
///
/// UTC and a fixed precision keep the strings sortable and comparable as text, and `Z` rather
/// than `+00:00` is what most tools (jq's `fromdateiso8601` after trimming, Go, JavaScript) parse.
public enum RFC3339 {
    private static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)

    /// Formats `date` as `YYYY-MM-DDThh:mm:ss.sssZ`.
    public static func string(from date: Date) -> String {
        date.formatted(style)
    }

    /// Parses a timestamp written by ``string(from:)`` (fractional seconds optional).
    public static func date(from string: String) -> Date? {
        if let date = try? style.parse(string) { return date }
        return try? Date.ISO8601FormatStyle(timeZone: .gmt).parse(string)
    }
}
