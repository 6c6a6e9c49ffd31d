/// Compact, Foundation-free formatting for breaker messages ("62%", "1.5s", "250ms", "2m30s").
///
/// Kept in its own namespace rather than as extensions on `Double`/`Duration`, so it cannot clash
/// with formatting helpers elsewhere in the module.
enum BreakerFormat {
    /// A fraction as a percentage with at most one decimal: 0.625 → "62.5%", 0.5 → "50%".
    static func percent(_ fraction: Double) -> String {
        guard fraction.isFinite else { return "\(fraction)" }
        let tenths = Int((fraction * 1_000).rounded())
        let whole = tenths / 10
        let decimal = abs(tenths % 10)
        return decimal == 0 ? "\(whole)%" : "\(whole).\(decimal)%"
    }

    /// A duration in the largest sensible unit: "0s", "250ms", "1.5s", "90s" → "1m30s", "1h5m".
    static func duration(_ duration: Duration) -> String {
        let nanos = duration.nanoseconds
        if nanos < 0 { return "-" + self.duration(.nanoseconds(nanos == .min ? .max : -nanos)) }
        if nanos == 0 { return "0s" }
        if nanos < 1_000 { return "\(nanos)ns" }
        if nanos < 1_000_000 { return "\(nanos / 1_000)µs" }
        if nanos < 1_000_000_000 { return "\(nanos / 1_000_000)ms" }
        let millis = nanos / 1_000_000
        if millis < 60_000 {
            let tenths = (millis + 50) / 100
            return tenths % 10 == 0 ? "\(tenths / 10)s" : "\(tenths / 10).\(tenths % 10)s"
        }
        let seconds = nanos / 1_000_000_000
        if seconds < 3_600 {
            return seconds % 60 == 0 ? "\(seconds / 60)m" : "\(seconds / 60)m\(seconds % 60)s"
        }
        let minutes = seconds / 60
        return minutes % 60 == 0 ? "\(minutes / 60)h" : "\(minutes / 60)h\(minutes % 60)m"
    }
}
