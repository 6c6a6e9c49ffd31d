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
    /// Every secret's bytes (ASCII letters folded to lower case), back to back: the scan reads
    /// them through one buffer, with no reference counting per candidate.
    private var bytes: [UInt8]
    /// Known secrets, in the order they were registered.
    private var entries: [Entry]
    /// The placeholders, each stored once, and where each is.
    private var placeholders: [String]
    private var placeholderIndex: [String: Int32]
    /// The values already registered, so registering is not a scan.
    private var known: Set<[UInt8]>
    /// For each (case-folded) first byte, the indices into ``entries`` that start with it, longest
    /// first (so a secret that contains another is replaced whole): a text position is only
    /// compared with the secrets it can begin, and registering touches one short list.
    private var firstByteIndex: [[Int32]]
    /// The longest secret in bytes: a text cut short may end in at most this much of one.
    private(set) var longestSecret = 0

    struct Entry: Sendable, Hashable {
        var start: Int32
        var length: Int32
        var placeholder: Int32
    }

    /// An empty redactor (still masks URL userinfo).
    public init() {
        bytes = []
        entries = []
        placeholders = []
        placeholderIndex = [:]
        known = []
        firstByteIndex = Array(repeating: [], count: 256)
    }

    /// How many secret values (and derived forms) are known.
    public var count: Int { entries.count }

    /// Whether no secret value is known.
    public var isEmpty: Bool { entries.isEmpty }

    /// Registers `value`, to be shown as `placeholder`, with every derived form ethotop or a server
    /// may produce from it (see ``SecretForms``). Empty values are ignored (nothing to leak).
    public mutating func add(_ value: String, placeholder: String) {
        guard !value.isEmpty else { return }
        insert(value.utf8.map(SecretMatcher.fold), placeholder: placeholder)
        for form in SecretForms.derived(from: value) {
            insert(form.utf8.map(SecretMatcher.fold), placeholder: placeholder)
        }
    }

    /// Registers URL userinfo: the (percent-decoded) user and password, and the base64 of
    /// `user:password`, which is what libcurl sends in `Authorization: Basic`.
    public mutating func addUserinfo(user: String, password: String?, placeholder: String = "***") {
        for form in SecretForms.userinfo(user: user, password: password) {
            insert(form.utf8.map(SecretMatcher.fold), placeholder: placeholder)
        }
    }

    /// Adds every secret `other` knows (in place: merging many endpoints stays linear).
    public mutating func merge(_ other: Redactor) {
        for entry in other.entries {
            let start = Int(entry.start)
            insert(
                Array(other.bytes[start..<(start + Int(entry.length))]),
                placeholder: other.placeholders[Int(entry.placeholder)])
        }
    }

    /// This redactor plus every secret `other` knows.
    public func merging(_ other: Redactor) -> Redactor {
        var merged = self
        merged.merge(other)
        return merged
    }

    /// Whether `text` contains a known secret value, in any form the matcher sees through.
    public func containsSecret(_ text: String) -> Bool {
        guard !entries.isEmpty else { return false }
        let textBytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { secrets in
            textBytes.withUnsafeBufferPointer { buffer in
                (0..<buffer.count).contains { match(in: buffer, at: $0, secrets: secrets) != nil }
            }
        }
    }

    /// `text` with every known secret replaced by its placeholder and URL userinfo masked.
    public func redact(_ text: String) -> String {
        guard !entries.isEmpty else { return URLRedaction.maskUserinfo(in: text) }
        let textBytes = Array(text.utf8)
        var out: [UInt8] = []
        var changed = false
        bytes.withUnsafeBufferPointer { secrets in
            textBytes.withUnsafeBufferPointer { buffer in
                var copied = 0
                var index = 0
                while index < buffer.count {
                    if let (entry, end) = match(in: buffer, at: index, secrets: secrets) {
                        if !changed {
                            out.reserveCapacity(buffer.count)
                            changed = true
                        }
                        out.append(contentsOf: buffer[copied..<index])
                        out.append(contentsOf: placeholders[Int(entries[entry].placeholder)].utf8)
                        index = end
                        copied = end
                    } else {
                        index += 1
                    }
                }
                if changed { out.append(contentsOf: buffer[copied...]) }
            }
        }
        return URLRedaction.maskUserinfo(in: changed ? String(decoding: out, as: UTF8.self) : text)
    }

    private mutating func insert(_ value: [UInt8], placeholder: String) {
        guard !value.isEmpty, known.insert(value).inserted else { return }
        let placeholderNumber: Int32
        if let existing = placeholderIndex[placeholder] {
            placeholderNumber = existing
        } else {
            placeholderNumber = Int32(placeholders.count)
            placeholderIndex[placeholder] = placeholderNumber
            placeholders.append(placeholder)
        }
        let index = Int32(entries.count)
        let length = Int32(value.count)
        entries.append(Entry(start: Int32(bytes.count), length: length, placeholder: placeholderNumber))
        bytes.append(contentsOf: value)
        longestSecret = max(longestSecret, value.count)
        // The bucket is sorted longest first: binary search for the first shorter secret.
        let bucket = Int(value[0])
        var low = 0
        var high = firstByteIndex[bucket].count
        while low < high {
            let middle = (low + high) / 2
            if entries[Int(firstByteIndex[bucket][middle])].length < length {
                high = middle
            } else {
                low = middle + 1
            }
        }
        firstByteIndex[bucket].insert(index, at: low)
    }

    /// The first (longest) secret matching at `start`, and where its match ends.
    private func match(
        in text: UnsafeBufferPointer<UInt8>, at start: Int, secrets: UnsafeBufferPointer<UInt8>
    ) -> (Int, Int)? {
        func attempt(_ bucket: UInt8) -> (Int, Int)? {
            for candidate in firstByteIndex[Int(bucket)] {
                let entry = entries[Int(candidate)]
                let secret = UnsafeBufferPointer(
                    rebasing: secrets[Int(entry.start)..<Int(entry.start + entry.length)])
                if let end = SecretMatcher.matchEnd(secret, in: text, at: start) {
                    return (Int(candidate), end)
                }
            }
            return nil
        }
        let byte = SecretMatcher.fold(text[start])
        if let found = attempt(byte) { return found }
        guard let (decoded, _) = SecretMatcher.decode(text, at: start) else { return nil }
        let folded = SecretMatcher.fold(decoded)
        return folded == byte ? nil : attempt(folded)
    }

    /// Equal when they know the same secrets with the same placeholders.
    public static func == (lhs: Redactor, rhs: Redactor) -> Bool {
        lhs.bytes == rhs.bytes && lhs.entries == rhs.entries && lhs.placeholders == rhs.placeholders
    }

    /// Hashes the known secrets.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(bytes)
        hasher.combine(entries)
        hasher.combine(placeholders)
    }

    /// `Redactor(2 secrets)`: never the values.
    public var description: String { "Redactor(\(entries.count) secrets)" }

    /// A mirror that shows the count only, so `dump` cannot leak.
    public var customMirror: Mirror { Mirror(self, children: ["count": entries.count]) }
}
