/// Parses the short durations used in query parameters: `45s`, `500ms`, `2m`, `1.5s`, `250us`.
///
/// A bare number means seconds, so `every=45` and `every=45s` agree. Negative, non-finite and
/// unparseable values are rejected (the router answers 400) rather than guessed at.
enum ChaosDuration {
    /// The duration `text` denotes, or `nil` when it is not a valid non-negative duration.
    static func parse(_ text: String) -> Duration? {
        let units: [(suffix: String, nanoseconds: Double)] = [
            ("ms", 1e6), ("us", 1e3), ("ns", 1), ("s", 1e9), ("m", 60e9), ("h", 3600e9),
        ]
        var number = Substring(text)
        var scale = 1e9
        for unit in units where text.hasSuffix(unit.suffix) {
            number = text.dropLast(unit.suffix.count)
            scale = unit.nanoseconds
            break
        }
        guard let value = Double(number), value.isFinite, value >= 0 else { return nil }
        let nanoseconds = value * scale
        guard nanoseconds < Double(Int64.max) else { return nil }
        return .nanoseconds(Int64(nanoseconds.rounded()))
    }
}
