import Yams

/// Typed readers for scalar values. Each returns `nil` when the key is absent or null (so the
/// caller keeps its default) or when the value is bad (after recording an error).
extension ConfigDecoder {
    /// The text of a scalar, or nil (with a wrong-type error) for a mapping or list.
    func scalarText(_ node: Node, key: String, expected: String) -> String? {
        guard case .scalar(let scalar) = node else {
            error(.wrongType, at: node, "\(key) must be \(expected), not \(Self.describe(node))")
            return nil
        }
        return scalar.string
    }

    /// Any scalar as text (a number or boolean is taken as its text). `printable` rejects control
    /// characters, for names and labels that end up on screen.
    func string(_ fields: Fields, _ key: String, printable: Bool = true) -> String? {
        guard let node = fields[key], let text = scalarText(node, key: key, expected: "text") else {
            return nil
        }
        if text.isEmpty {
            error(.invalidValue, at: node, "\(key) is empty")
            return nil
        }
        if printable,
            let bad = text.unicodeScalars.first(where: { $0.properties.generalCategory == .control })
        {
            error(
                .invalidValue, at: node,
                "\(key) contains a control character (U+\(String(bad.value, radix: 16)))",
                hint: "names and labels must be printable")
            return nil
        }
        return text
    }

    /// A whole number in `range`.
    func int(_ fields: Fields, _ key: String, in range: ClosedRange<Int>, hint: String? = nil) -> Int? {
        guard let node = fields[key], let text = scalarText(node, key: key, expected: "a whole number") else {
            return nil
        }
        let digits = text.replacingOccurrences(of: "_", with: "")
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-" || $0 == "+") }),
            let value = Int(digits)
        else {
            let looksLikeDuration = (try? DurationParser.parse(text)) != nil
            error(
                .wrongType, at: node, "\(key) must be a whole number, not \(Self.describe(node))",
                hint: looksLikeDuration ? "\(key) is a count, not a duration" : hint)
            return nil
        }
        guard range.contains(value) else {
            error(.invalidValue, at: node, "\(key) must be \(Self.describe(range)), not \(value)", hint: hint)
            return nil
        }
        return value
    }

    /// A non-negative decimal number in `range`.
    func number(_ fields: Fields, _ key: String, in range: ClosedRange<Double>) -> Double? {
        guard let node = fields[key], let text = scalarText(node, key: key, expected: "a number") else {
            return nil
        }
        guard ValueText.decimal(Substring(text)) != nil, let value = Double(text) else {
            error(
                .wrongType, at: node, "\(key) must be a number, not \(Self.describe(node))",
                hint: "e.g. 2 or 1.5")
            return nil
        }
        guard range.contains(value) else {
            error(
                .invalidValue, at: node,
                "\(key) must be between \(PercentParser.formatNumber(range.lowerBound)) and "
                    + "\(PercentParser.formatNumber(range.upperBound)), not \(text)")
            return nil
        }
        return value
    }

    /// `true` or `false`.
    func bool(_ fields: Fields, _ key: String) -> Bool? {
        guard let node = fields[key], let text = scalarText(node, key: key, expected: "true or false") else {
            return nil
        }
        switch text.lowercased() {
        case "true": return true
        case "false": return false
        default:
            let hint =
                ["yes", "on", "y"].contains(text.lowercased())
                ? "write true"
                : ["no", "off", "n"].contains(text.lowercased()) ? "write false" : "write true or false"
            error(
                .wrongType, at: node, "\(key) must be true or false, not \(Self.describe(node))", hint: hint)
            return nil
        }
    }

    /// A duration (`250ms`, `5s`, `1m30s`) within `min...max`.
    func duration(
        _ fields: Fields, _ key: String, min: Duration = .zero, max: Duration = .seconds(86_400 * 365),
        allowZero: Bool = false
    ) -> Duration? {
        guard let node = fields[key], let text = scalarText(node, key: key, expected: "a duration such as 5s")
        else { return nil }
        let value: Duration
        do {
            value = try DurationParser.parse(text)
        } catch {
            self.error(.invalidValue, at: node, "\(key): \(error.message)", hint: error.hint)
            return nil
        }
        if value == .zero && !allowZero {
            error(
                .invalidValue, at: node, "\(key) must be more than 0",
                hint: "write e.g. \(DurationParser.format(Swift.max(min, .seconds(1))))")
            return nil
        }
        if value < min || value > max {
            error(
                .invalidValue, at: node,
                "\(key) must be between \(DurationParser.format(min)) and \(DurationParser.format(max)), "
                    + "not \(DurationParser.format(value))")
            return nil
        }
        return value
    }

    /// A size (`1MiB`, `512KiB`, `1024`) within `range` bytes.
    func size(_ fields: Fields, _ key: String, in range: ClosedRange<Int64>) -> Int64? {
        guard let node = fields[key], let text = scalarText(node, key: key, expected: "a size such as 1MiB")
        else {
            return nil
        }
        let value: Int64
        do {
            value = try SizeParser.parse(text)
        } catch {
            self.error(.invalidValue, at: node, "\(key): \(error.message)", hint: error.hint)
            return nil
        }
        guard range.contains(value) else {
            error(
                .invalidValue, at: node,
                "\(key) must be between \(SizeParser.format(range.lowerBound)) and "
                    + "\(SizeParser.format(range.upperBound)), not \(SizeParser.format(value))")
            return nil
        }
        return value
    }

    /// A percentage (`50%`) as a fraction; `allowZero: false` rejects `0%`.
    func percent(_ fields: Fields, _ key: String, allowZero: Bool = true) -> Double? {
        guard let node = fields[key],
            let text = scalarText(node, key: key, expected: "a percentage such as 50%")
        else { return nil }
        let value: Double
        do {
            value = try PercentParser.parse(text)
        } catch {
            self.error(.invalidValue, at: node, "\(key): \(error.message)", hint: error.hint)
            return nil
        }
        if value == 0 && !allowZero {
            error(
                .invalidValue, at: node, "\(key) must be more than 0%", hint: "at 0% every call would trip it"
            )
            return nil
        }
        return value
    }

    /// One of an enum's raw values.
    func choice<Value: RawRepresentable & CaseIterable>(_ fields: Fields, _ key: String, _: Value.Type)
        -> Value?
    where Value.RawValue == String {
        let names = Value.allCases.map(\.rawValue)
        guard let node = fields[key],
            let text = scalarText(node, key: key, expected: "one of " + names.joined(separator: ", "))
        else { return nil }
        if let value = Value(rawValue: text) { return value }
        let near = Suggestion.closest(to: text, in: names).map { "did you mean \"\($0)\"? " } ?? ""
        error(
            .invalidValue, at: node,
            "\(key) must be one of \(names.joined(separator: ", ")), not \(ValueText.quoted(text))",
            hint: near.isEmpty ? nil : String(near.dropLast()))
        return nil
    }

    /// Whether the value of `key` is the word `off` (used to switch off optional limits).
    func isOff(_ fields: Fields, _ key: String) -> Bool {
        guard case .scalar(let scalar)? = fields[key] else { return false }
        return ["off", "none"].contains(scalar.string.lowercased())
    }

    static func describe(_ range: ClosedRange<Int>) -> String {
        if range.upperBound == .max { return "at least \(range.lowerBound)" }
        return "between \(range.lowerBound) and \(range.upperBound)"
    }
}
