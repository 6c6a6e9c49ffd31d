import Yams

/// Readers for the `expect` keys that need more than a scalar: JSON conditions and the
/// certificate window.
extension ConfigDecoder {
    /// `expect.cert_valid_for:` — days (`14d`, the unit certificates are thought of in) or any
    /// duration.
    func certificateWindow(_ fields: Fields) -> Duration? {
        if let node = fields["cert_valid_for"], case .scalar(let scalar) = node, scalar.string.hasSuffix("d"),
            let days = Int(scalar.string.dropLast())
        {
            guard (0...3_650).contains(days) else {
                error(
                    .invalidValue, at: node,
                    "cert_valid_for must be between 0d and 3650d, not \(scalar.string)")
                return nil
            }
            return .seconds(days * 86_400)
        }
        return duration(fields, "cert_valid_for", max: .seconds(3_650 * 86_400))
    }

    /// `expect.json:` — one condition or a list of them, each parsed now so that a typo is a
    /// config error at its line rather than a probe that always fails.
    func decodeJSONAssertions(_ node: Node) -> [JSONAssertion] {
        let items: [Node]
        if case .sequence(let sequence) = node { items = Array(sequence) } else { items = [node] }
        var assertions: [JSONAssertion] = []
        for item in items {
            guard
                let text = scalarText(item, key: "json", expected: "a condition such as '$.status == \"UP\"'")
            else { continue }
            do {
                assertions.append(try JSONAssertion.parse(text))
            } catch {
                self.error(
                    .invalidValue, at: item,
                    "json condition \(ValueText.quoted(text)): \(error.message) (at character \(error.offset))",
                    hint: "write '<path> <op> <value>', e.g. '$.status == \"UP\"', '$.items[0].id exists'")
            }
        }
        return assertions
    }
}
