/// Byte-level matching of one secret against text that may quote it encoded.
///
/// At every text position the matcher accepts the byte itself or, when the text holds an escape
/// there, the byte the escape stands for: `%hh` (either case), `+` (a space), a JSON escape
/// (`\/`, `\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t`, `\u00hh`) or an HTML character reference
/// (`&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;`, `&#nn;`, `&#xhh;`). ASCII letters compare
/// case-insensitively (secrets are stored folded). Encodings of non-ASCII scalars other than
/// `%hh` of each UTF-8 byte are not decoded.
enum SecretMatcher {
    /// ASCII upper case to lower case; every other byte unchanged.
    @inline(__always)
    static func fold(_ byte: UInt8) -> UInt8 {
        (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
    }

    /// Where `secret` (folded) ends if it matches `text` from `start`, else nil.
    ///
    /// Where both the literal byte and an escape starting at the same position match, the escape
    /// is tried first and the literal byte on backtracking; branch points are kept on an explicit
    /// stack so a long secret cannot exhaust a task's stack.
    static func matchEnd(
        _ secret: UnsafeBufferPointer<UInt8>, in text: UnsafeBufferPointer<UInt8>, at start: Int
    ) -> Int? {
        var pending: [(secretIndex: Int, textIndex: Int)] = []
        var secretIndex = 0
        var textIndex = start
        while true {
            if secretIndex == secret.count { return textIndex }
            var advanced = false
            if textIndex < text.count {
                let expected = secret[secretIndex]
                let literalMatches = fold(text[textIndex]) == expected
                if let (decoded, length) = decode(text, at: textIndex), fold(decoded) == expected {
                    if literalMatches { pending.append((secretIndex + 1, textIndex + 1)) }
                    secretIndex += 1
                    textIndex += length
                    advanced = true
                } else if literalMatches {
                    secretIndex += 1
                    textIndex += 1
                    advanced = true
                }
            }
            if !advanced {
                guard let retry = pending.popLast() else { return nil }
                secretIndex = retry.secretIndex
                textIndex = retry.textIndex
            }
        }
    }

    /// The byte an escape at `index` stands for, and the escape's length; nil when none starts there.
    @inline(__always)
    static func decode(_ text: UnsafeBufferPointer<UInt8>, at index: Int) -> (UInt8, Int)? {
        switch text[index] {
        case UInt8(ascii: "%"): return percent(text, at: index)
        case UInt8(ascii: "+"): return (UInt8(ascii: " "), 1)
        case UInt8(ascii: "\\"): return jsonEscape(text, at: index)
        case UInt8(ascii: "&"): return htmlReference(text, at: index)
        default: return nil
        }
    }

    private static func percent(_ text: UnsafeBufferPointer<UInt8>, at index: Int) -> (UInt8, Int)? {
        guard index + 2 < text.count, let high = hex(text[index + 1]), let low = hex(text[index + 2]) else {
            return nil
        }
        return (high << 4 | low, 3)
    }

    private static func jsonEscape(_ text: UnsafeBufferPointer<UInt8>, at index: Int) -> (UInt8, Int)? {
        guard index + 1 < text.count else { return nil }
        switch text[index + 1] {
        case UInt8(ascii: "/"), UInt8(ascii: "\""), UInt8(ascii: "\\"): return (text[index + 1], 2)
        case UInt8(ascii: "b"): return (0x08, 2)
        case UInt8(ascii: "f"): return (0x0C, 2)
        case UInt8(ascii: "n"): return (0x0A, 2)
        case UInt8(ascii: "r"): return (0x0D, 2)
        case UInt8(ascii: "t"): return (0x09, 2)
        case UInt8(ascii: "u"):
            guard index + 5 < text.count, text[index + 2] == UInt8(ascii: "0"),
                text[index + 3] == UInt8(ascii: "0"),
                let high = hex(text[index + 4]), high < 8, let low = hex(text[index + 5])
            else { return nil }
            return (high << 4 | low, 6)
        default: return nil
        }
    }

    private static let namedReferences: [(name: [UInt8], byte: UInt8)] = [
        (Array("amp;".utf8), UInt8(ascii: "&")), (Array("lt;".utf8), UInt8(ascii: "<")),
        (Array("gt;".utf8), UInt8(ascii: ">")), (Array("quot;".utf8), UInt8(ascii: "\"")),
        (Array("apos;".utf8), UInt8(ascii: "'")),
    ]

    private static func htmlReference(_ text: UnsafeBufferPointer<UInt8>, at index: Int) -> (UInt8, Int)? {
        let rest = UnsafeBufferPointer(rebasing: text[(index + 1)...])
        if rest.first == UInt8(ascii: "#") {
            var value = 0
            var cursor = 1
            let isHex = rest.count > 1 && fold(rest[1]) == UInt8(ascii: "x")
            if isHex { cursor = 2 }
            let digitsStart = cursor
            while cursor < rest.count, cursor - digitsStart < 4 {
                let digit: UInt8?
                if isHex {
                    digit = hex(rest[cursor])
                } else {
                    digit = (0x30...0x39).contains(rest[cursor]) ? rest[cursor] - 0x30 : nil
                }
                guard let digit else { break }
                value = value * (isHex ? 16 : 10) + Int(digit)
                cursor += 1
            }
            guard cursor > digitsStart, cursor < rest.count, rest[cursor] == UInt8(ascii: ";"), value < 0x80
            else {
                return nil
            }
            return (UInt8(value), cursor + 2)
        }
        for (name, byte) in namedReferences where rest.count >= name.count {
            if zip(rest, name).allSatisfy({ fold($0) == $1 }) { return (byte, name.count + 1) }
        }
        return nil
    }

    @inline(__always)
    private static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }
}
