/// One request header, after `${VAR}` substitution.
public struct HTTPHeader: Sendable, Hashable {
    /// The field name as written.
    public var name: String
    /// The field value; may hold a secret, so print it only through a ``Redactor``.
    public var value: String

    /// Creates a header.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    /// Field names whose literal values are treated as secrets even without `${VAR}`.
    static let sensitiveMarkers = ["auth", "token", "secret", "key", "cookie", "password", "session"]

    /// Whether the name suggests a credential (`Authorization`, `X-Api-Key`, `Cookie`, …).
    public var isSensitive: Bool {
        let lower = name.lowercased()
        return Self.sensitiveMarkers.contains { lower.contains($0) }
    }
}
