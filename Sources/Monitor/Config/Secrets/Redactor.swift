/// Replaces every known secret value in a string with its placeholder (`${API_TOKEN}` or `***`).
///
/// The loader registers each value that came from `${VAR}` (placeholder `${VAR}`, so a redacted
/// URL reads like the config file), each literal URL password and each literal value of a
/// credential-looking header (placeholder `***`). Percent-encoded forms are registered too, since
/// libcurl error messages may quote the encoded URL. `redact` also masks any `scheme://user:pass@`
/// userinfo it finds, known or not. The redactor never prints its own values: its `description`
/// and mirror only count them.
public struct Redactor: Sendable, Hashable, CustomStringConvertible, CustomReflectable {
    private var secrets: [Secret]

    struct Secret: Sendable, Hashable {
        var value: [UInt8]
        var placeholder: String
    }

    /// An empty redactor (still masks URL userinfo).
    public init() { secrets = [] }

    /// How many secret values (and encoded forms) are known.
    public var count: Int { secrets.count }

    /// Whether no secret value is known.
    public var isEmpty: Bool { secrets.isEmpty }

    /// Registers `value`, to be shown as `placeholder`. Empty values are ignored (nothing to leak).
    public mutating func add(_ value: String, placeholder: String) {
        guard !value.isEmpty else { return }
        insert(Secret(value: Array(value.utf8), placeholder: placeholder))
        let encoded = URLRedaction.percentEncoded(value)
        if encoded != value { insert(Secret(value: Array(encoded.utf8), placeholder: placeholder)) }
    }

    /// This redactor plus every secret `other` knows.
    public func merging(_ other: Redactor) -> Redactor {
        var merged = self
        for secret in other.secrets { merged.insert(secret) }
        return merged
    }

    /// Whether `text` contains a known secret value.
    public func containsSecret(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.indices.contains { match(in: bytes, at: $0) != nil }
    }

    /// `text` with every known secret replaced by its placeholder and URL userinfo masked.
    public func redact(_ text: String) -> String {
        guard !secrets.isEmpty else { return URLRedaction.maskUserinfo(in: text) }
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if let secret = match(in: bytes, at: index) {
                out.append(contentsOf: secret.placeholder.utf8)
                index += secret.value.count
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return URLRedaction.maskUserinfo(in: String(decoding: out, as: UTF8.self))
    }

    /// Longest secret first, so a secret that contains another is replaced whole.
    private mutating func insert(_ secret: Secret) {
        guard !secrets.contains(secret) else { return }
        let position = secrets.firstIndex { $0.value.count < secret.value.count } ?? secrets.endIndex
        secrets.insert(secret, at: position)
    }

    private func match(in bytes: [UInt8], at index: Int) -> Secret? {
        secrets.first { secret in
            guard index + secret.value.count <= bytes.count else { return false }
            return bytes[index..<(index + secret.value.count)].elementsEqual(secret.value)
        }
    }

    /// `Redactor(2 secrets)`: never the values.
    public var description: String { "Redactor(\(secrets.count) secrets)" }

    /// A mirror that shows the count only, so `dump` cannot leak.
    public var customMirror: Mirror { Mirror(self, children: ["count": secrets.count]) }
}
