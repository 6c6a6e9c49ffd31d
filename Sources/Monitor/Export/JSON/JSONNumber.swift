import Resilience

/// Rounding and clamping for numbers in the exports, so that the JSON stays valid (no NaN or
/// infinity, which JSON cannot express) and short (`1.234`, not `1.2340000000000002`).
enum JSONNumber {
    /// `value` rounded to `places` decimals; NaN and infinities become 0.
    static func rounded(_ value: Double, places: Int = 3) -> Double {
        guard value.isFinite else { return 0 }
        var scale = 1.0
        for _ in 0..<max(0, places) { scale *= 10 }
        return (value * scale).rounded() / scale
    }

    /// As ``rounded(_:places:)`` for an optional; NaN and infinities become `nil` (JSON null).
    static func rounded(_ value: Double?, places: Int = 3) -> Double? {
        guard let value, value.isFinite else { return nil }
        let finite: Double = rounded(value, places: places)
        return finite
    }

    /// A duration in milliseconds, rounded to microseconds.
    static func milliseconds(_ duration: Duration) -> Double {
        rounded(duration.milliseconds)
    }

    /// A duration in seconds, rounded to milliseconds.
    static func seconds(_ duration: Duration) -> Double {
        rounded(duration.seconds)
    }
}
