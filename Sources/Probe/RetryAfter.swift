import CCurl

/// Parses the `Retry-After` header (RFC 9110 §10.2.3): delay-seconds or an HTTP-date.
public enum RetryAfter {
    /// The delay `value` asks for, measured from `now` (seconds since the Unix epoch) for a date.
    ///
    /// A date in the past gives zero; anything unparseable gives `nil`. Dates are parsed by libcurl's
    /// `curl_getdate`, which knows all three HTTP date formats (IMF-fixdate, RFC 850, asctime).
    public static func parse(_ value: String, now: Int64) -> Duration? {
        let trimmed = value.trimmingSpaces
        guard !trimmed.isEmpty else { return nil }
        if trimmed.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            // A huge number is still "a long time": clamp instead of failing.
            return .seconds(Int64(trimmed) ?? Int64(Int32.max))
        }
        let date = curl_getdate(trimmed, nil)
        guard date != -1 else { return nil }
        return .seconds(max(0, Int64(date) - now))
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs (HTTP's optional whitespace).
    var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }),
            let last = lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(self[first...last])
    }
}
