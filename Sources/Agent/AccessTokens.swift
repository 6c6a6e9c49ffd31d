/// The bearer tokens that may use the control API over TCP, from `--token-file`.
///
/// The file holds one token per line, either `NAME:TOKEN` (the name is what events record, e.g.
/// `token ci`) or a bare `TOKEN` (recorded as `token line N`). Blank lines and lines starting with
/// `#` are ignored. Tokens are at least 16 visible ASCII characters. Comparison runs in constant
/// time over every token, so timing reveals neither which token nor how much of one matched.
public struct AccessTokens: Sendable {
    /// A problem in the token file, with its line.
    public struct Problem: Error, Equatable, CustomStringConvertible {
        /// What is wrong, `FILE:LINE: message` (never the token itself).
        public var description: String
    }

    private struct Entry: Sendable {
        var name: String
        var token: [UInt8]
    }

    /// The shortest token accepted.
    public static let minimumLength = 16

    private let entries: [Entry]

    /// How many tokens there are.
    public var count: Int { entries.count }

    /// Parses the text of a token file; `path` names it in problems.
    public init(parsing text: String, path: String) throws(Problem) {
        var entries: [Entry] = []
        var names = Set<String>()
        // "\r\n" is one Character in Swift, so both line ends are separators.
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        for (index, line) in lines.enumerated() {
            let number = index + 1
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let name: String
            let token: Substring
            if let colon = line.firstIndex(of: ":") {
                name = String(line[..<colon])
                token = line[line.index(after: colon)...]
                guard !name.isEmpty, name.utf8.count <= 64,
                    name.unicodeScalars.allSatisfy({ $0.isASCII && (Self.isNameCharacter($0)) })
                else {
                    throw Problem(
                        description: "\(path):\(number): a token name is 1-64 of A-Z a-z 0-9 . _ -")
                }
            } else {
                name = "line \(number)"
                token = line
            }
            guard token.utf8.count >= Self.minimumLength,
                token.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F })
            else {
                throw Problem(
                    description:
                        "\(path):\(number): a token is at least \(Self.minimumLength) visible ASCII characters, without spaces"
                )
            }
            guard names.insert(name).inserted else {
                throw Problem(description: "\(path):\(number): the token name '\(name)' is used twice")
            }
            entries.append(Entry(name: name, token: Array(token.utf8)))
        }
        guard !entries.isEmpty else { throw Problem(description: "\(path): no token in the file") }
        self.entries = entries
    }

    /// The name of the token `presented` (the part after `Bearer `), or `nil` if none matches.
    ///
    /// Every token is compared, each over its whole length, whatever matched before.
    public func name(of presented: String) -> String? {
        let bytes = Array(presented.utf8)
        var found: String?
        for entry in entries where Self.constantTimeEqual(entry.token, bytes) {
            found = found ?? entry.name
        }
        return found
    }

    /// Compares two byte strings in time that depends only on `a`'s length.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference: UInt8 = a.count == b.count ? 0 : 1
        for index in 0..<a.count {
            difference |= a[index] ^ (index < b.count ? b[index] : 0)
        }
        return difference == 0
    }

    private static func isNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", ".", "_", "-": true
        default: false
        }
    }
}
