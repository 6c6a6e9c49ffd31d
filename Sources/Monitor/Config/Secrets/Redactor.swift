/// Replaces every known secret value in a string with its placeholder (`${API_TOKEN}` or `***`).
///
/// The loader registers each value that came from `${VAR}` (placeholder `${VAR}`, so a redacted
/// URL reads like the config file), each literal URL password and each literal value of a
/// credential-looking header or query parameter (placeholder `***`), plus the other forms in which
/// ethotop itself sends them (see ``add(_:placeholder:)`` and ``addUserinfo(user:password:)``).
///
/// Matching sees through the encodings a server or libcurl may apply when it quotes a secret back:
/// percent-encoding in either case (`%2f`, `%2F`), `+` for a space, JSON string escapes (`\/`,
/// `\u002f`, `\"`, `\\`, `\t`, …) and HTML character references (`&amp;`, `&#47;`, `&#x2f;`), in
/// any mixture, and ASCII letters match in either case (host names and hex digits are
/// case-insensitive). `redact` also masks any `scheme://user:pass@` userinfo it finds, known or not.
/// The redactor never prints its own values: its `description` and mirror only count them.
public struct Redactor: Sendable, Hashable, CustomStringConvertible, CustomReflectable {
    /// Known secrets, in the order they were registered.
    private(set) var secrets: [Secret]
    /// The values of ``secrets``, so registering is not a scan.
    private var known: Set<[UInt8]>
    /// For each (case-folded) first byte, the indices into ``secrets`` that start with it, longest
    /// first (so a secret that contains another is replaced whole): a text position is only
    /// compared with the secrets it can begin, and registering touches one short list.
    private var firstByteIndex: [[Int32]]
    /// The longest secret in bytes: a text cut short may end in at most this much of one.
    private(set) var longestSecret = 0

    struct Secret: Sendable, Hashable {
        /// The value, ASCII letters folded to lower case.
        var value: [UInt8]
        var placeholder: String
    }

    /// An empty redactor (still masks URL userinfo).
    public init() {
        secrets = []
        known = []
        firstByteIndex = Array(repeating: [], count: 256)
    }

    /// How many secret values (and derived forms) are known.
    public var count: Int { secrets.count }

    /// Whether no secret value is known.
    public var isEmpty: Bool { secrets.isEmpty }

    /// Registers `value`, to be shown as `placeholder`, with every derived form ethotop or a server
    /// may produce from it (see ``SecretForms``). Empty values are ignored (nothing to leak).
    public mutating func add(_ value: String, placeholder: String) {
        guard !value.isEmpty else { return }
        insert(value, placeholder: placeholder)
        for form in SecretForms.derived(from: value) { insert(form, placeholder: placeholder) }
    }

    /// Registers URL userinfo: the (percent-decoded) user and password, and the base64 of
    /// `user:password`, which is what libcurl sends in `Authorization: Basic`.
    public mutating func addUserinfo(user: String, password: String?, placeholder: String = "***") {
        for form in SecretForms.userinfo(user: user, password: password) {
            insert(form, placeholder: placeholder)
        }
    }

    /// This redactor plus every secret `other` knows.
    public func merging(_ other: Redactor) -> Redactor {
        var merged = self
        for secret in other.secrets { merged.insert(secret) }
        return merged
    }

    /// Whether `text` contains a known secret value, in any form the matcher sees through.
    public func containsSecret(_ text: String) -> Bool {
        guard !secrets.isEmpty else { return false }
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            (0..<buffer.count).contains { match(in: buffer, at: $0) != nil }
        }
    }

    /// `text` with every known secret replaced by its placeholder and URL userinfo masked.
    public func redact(_ text: String) -> String {
        guard !secrets.isEmpty else { return URLRedaction.maskUserinfo(in: text) }
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        var changed = false
        bytes.withUnsafeBufferPointer { buffer in
            var copied = 0
            var index = 0
            while index < buffer.count {
                if let (secret, end) = match(in: buffer, at: index) {
                    if !changed {
                        out.reserveCapacity(buffer.count)
                        changed = true
                    }
                    out.append(contentsOf: buffer[copied..<index])
                    out.append(contentsOf: secrets[secret].placeholder.utf8)
                    index = end
                    copied = end
                } else {
                    index += 1
                }
            }
            if changed { out.append(contentsOf: buffer[copied...]) }
        }
        return URLRedaction.maskUserinfo(in: changed ? String(decoding: out, as: UTF8.self) : text)
    }

    private mutating func insert(_ value: String, placeholder: String) {
        guard !value.isEmpty else { return }
        insert(Secret(value: value.utf8.map(SecretMatcher.fold), placeholder: placeholder))
    }

    private mutating func insert(_ secret: Secret) {
        guard known.insert(secret.value).inserted else { return }
        let index = Int32(secrets.count)
        secrets.append(secret)
        longestSecret = max(longestSecret, secret.value.count)
        let length = secret.value.count
        let secrets = self.secrets
        let bucket = Int(secret.value[0])
        let position =
            firstByteIndex[bucket].firstIndex { secrets[Int($0)].value.count < length }
            ?? firstByteIndex[bucket].endIndex
        firstByteIndex[bucket].insert(index, at: position)
    }

    /// The first (longest) secret matching at `start`, and where its match ends.
    private func match(in text: UnsafeBufferPointer<UInt8>, at start: Int) -> (Int, Int)? {
        let byte = SecretMatcher.fold(text[start])
        for candidate in firstByteIndex[Int(byte)] {
            if let end = SecretMatcher.matchEnd(secrets[Int(candidate)].value, in: text, at: start) {
                return (Int(candidate), end)
            }
        }
        guard let (decoded, _) = SecretMatcher.decode(text, at: start) else { return nil }
        for candidate in firstByteIndex[Int(SecretMatcher.fold(decoded))] {
            if let end = SecretMatcher.matchEnd(secrets[Int(candidate)].value, in: text, at: start) {
                return (Int(candidate), end)
            }
        }
        return nil
    }

    /// Equal when they know the same secrets with the same placeholders.
    public static func == (lhs: Redactor, rhs: Redactor) -> Bool { lhs.secrets == rhs.secrets }

    /// Hashes the known secrets.
    public func hash(into hasher: inout Hasher) { hasher.combine(secrets) }

    /// `Redactor(2 secrets)`: never the values.
    public var description: String { "Redactor(\(secrets.count) secrets)" }

    /// A mirror that shows the count only, so `dump` cannot leak.
    public var customMirror: Mirror { Mirror(self, children: ["count": secrets.count]) }
}
