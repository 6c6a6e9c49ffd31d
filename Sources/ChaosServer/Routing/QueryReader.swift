/// Reads typed query parameters, collecting the first problem as a 400 message.
struct QueryReader {
    /// A parameter that was present but unusable.
    struct Invalid: Error {
        /// What was wrong, for the 400 body.
        var message: String
    }

    let query: [String: String]

    /// An integer parameter in `range`, or `fallback` when absent.
    func integer(_ name: String, default fallback: Int, in range: ClosedRange<Int>) throws(Invalid) -> Int {
        guard let text = query[name] else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            throw Invalid(message: "\(name) must be an integer in \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    /// An optional integer parameter in `range`.
    func integer(_ name: String, in range: ClosedRange<Int>) throws(Invalid) -> Int? {
        guard query[name] != nil else { return nil }
        return try integer(name, default: range.lowerBound, in: range)
    }

    /// A number parameter in `range`, or `fallback` when absent.
    func number(_ name: String, default fallback: Double, in range: ClosedRange<Double>) throws(Invalid)
        -> Double
    {
        guard let text = query[name] else { return fallback }
        guard let value = Double(text), value.isFinite, range.contains(value) else {
            throw Invalid(message: "\(name) must be a number in \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    /// A flag: `1`, `true`, `yes` and `on` are true; absent is `fallback`.
    func flag(_ name: String, default fallback: Bool = false) throws(Invalid) -> Bool {
        guard let text = query[name]?.lowercased() else { return fallback }
        switch text {
        case "1", "true", "yes", "on", "": return true
        case "0", "false", "no", "off": return false
        default: throw Invalid(message: "\(name) must be 1 or 0")
        }
    }

    /// A duration parameter (`45s`, `500ms`, bare seconds), or `nil` when absent.
    func duration(_ name: String) throws(Invalid) -> Duration? {
        guard let text = query[name] else { return nil }
        guard let value = ChaosDuration.parse(text) else {
            throw Invalid(message: "\(name) must be a duration like 45s or 500ms")
        }
        return value
    }
}
