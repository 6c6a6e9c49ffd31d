/// A small, bounded JSON reader for `expect.json`.
///
/// Foundation's `JSONSerialization` builds `NSDictionary`/`NSNumber` trees (bridging costs on
/// Linux) and has no depth limit of its own. This reader works on the body bytes directly, stops
/// at ``maxDepth`` nesting levels and ``maxValues`` values, and reports where it stopped, so a
/// hostile or broken body costs bounded work and gets a clear message.
struct JSONReader {
    /// Deepest nesting accepted (objects and arrays).
    static let maxDepth = 64
    /// Most values (scalars and containers) in one document.
    static let maxValues = 100_000

    /// Why a body could not be read.
    struct Failure: Error, Equatable {
        /// What went wrong and at which byte.
        var message: String
    }

    /// The body, read through a buffer pointer: array indexing in the skip loops cost about as
    /// much again (bounds and uniqueness checks per byte).
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var values = 0

    /// Reads one JSON document that fills `bytes` (surrounding whitespace allowed). With `only`,
    /// values no path of the trie reaches are skipped by a scan that tracks nesting and strings
    /// (bounded by the same depth limit) rather than built; they are not fully validated.
    static func read(_ bytes: [UInt8], only trie: JSONPathTrie? = nil) throws(Failure) -> JSONValue {
        let result = bytes.withUnsafeBufferPointer { buffer -> Result<JSONValue, Failure> in
            var reader = JSONReader(bytes: buffer)
            do throws(Failure) {
                reader.skipWhitespace()
                let value = try reader.value(depth: 0, trie: trie)
                reader.skipWhitespace()
                guard reader.index == buffer.count else {
                    throw reader.failure("unexpected data after the document")
                }
                return .success(value)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    private func failure(_ what: String) -> Failure {
        Failure(message: "not JSON: \(what) at byte \(index)")
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    private mutating func value(depth: Int, trie: JSONPathTrie? = nil) throws(Failure) -> JSONValue {
        values += 1
        guard values <= Self.maxValues else {
            throw Failure(message: "JSON has more than \(Self.maxValues) values")
        }
        guard index < bytes.count else { throw failure("unexpected end") }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            guard depth < Self.maxDepth else {
                throw Failure(message: "JSON is nested deeper than \(Self.maxDepth) levels")
            }
            return try object(depth: depth + 1, trie: trie)
        case UInt8(ascii: "["):
            guard depth < Self.maxDepth else {
                throw Failure(message: "JSON is nested deeper than \(Self.maxDepth) levels")
            }
            return try array(depth: depth + 1, trie: trie)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw failure("unexpected character")
        }
    }

    private mutating func literal(_ word: StaticString, _ value: JSONValue) throws(Failure) -> JSONValue {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw failure("unexpected end") }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] {
            throw failure("unexpected character")
        }
        index += count
        return value
    }

    private mutating func object(depth: Int, trie: JSONPathTrie?) throws(Failure) -> JSONValue {
        index += 1
        var members: [(String, JSONValue)] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw failure("expected a key")
            }
            let keyStart = index + 1
            let key = try string()
            let rawKey = bytes[keyStart..<(index - 1)]
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                throw failure("expected ':'")
            }
            index += 1
            skipWhitespace()
            if let trie {
                // Raw bytes match the condition's key unless the key was escaped; then decode.
                var step = trie.member(rawKey)
                if step == nil, rawKey.contains(UInt8(ascii: "\\")) {
                    step = trie.member(Array(key.utf8)[...])
                }
                if let step {
                    members.append((key, try value(depth: depth, trie: step.everything ? nil : step)))
                } else {
                    try skipValue(depth: depth)
                }
            } else {
                members.append((key, try value(depth: depth)))
            }
            skipWhitespace()
            guard index < bytes.count else { throw failure("unexpected end") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
            } else if bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .object(members)
            } else {
                throw failure("expected ',' or '}'")
            }
        }
    }

    private mutating func array(depth: Int, trie: JSONPathTrie?) throws(Failure) -> JSONValue {
        index += 1
        var items: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(items)
        }
        while true {
            skipWhitespace()
            if let trie {
                // Skipped elements keep their place (as null) so that indexes stay right.
                if let step = trie.element(items.count) {
                    items.append(try value(depth: depth, trie: step.everything ? nil : step))
                } else {
                    try skipValue(depth: depth)
                    items.append(.null)
                }
            } else {
                items.append(try value(depth: depth))
            }
            skipWhitespace()
            guard index < bytes.count else { throw failure("unexpected end") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
            } else if bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .array(items)
            } else {
                throw failure("expected ',' or ']'")
            }
        }
    }

    /// Steps over one value without building it: strings to their closing quote, containers to
    /// their matching bracket (nesting counted against ``maxDepth``), scalars to a delimiter.
    private mutating func skipValue(depth: Int) throws(Failure) {
        guard index < bytes.count else { throw failure("unexpected end") }
        switch bytes[index] {
        case UInt8(ascii: "\""): try skipString()
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var nesting = 0
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "\""):
                    try skipString()
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    nesting += 1
                    guard depth + nesting <= Self.maxDepth else {
                        throw Failure(message: "JSON is nested deeper than \(Self.maxDepth) levels")
                    }
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    nesting -= 1
                    if nesting == 0 {
                        index += 1
                        return
                    }
                default: break
                }
                index += 1
            }
            throw failure("unexpected end")
        default:
            let start = index
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x0A, 0x0D, 0x09:
                    guard index > start else { throw failure("unexpected character") }
                    return
                default: index += 1
                }
            }
        }
    }

    /// Steps over a string (at its opening quote) without decoding it.
    private mutating func skipString() throws(Failure) {
        index += 1
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\""):
                index += 1
                return
            case UInt8(ascii: "\\"): index += 2
            default: index += 1
            }
        }
        throw failure("unterminated string")
    }

    private mutating func string() throws(Failure) -> String {
        index += 1
        let start = index
        // Fast path: no escapes.
        while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\") {
            guard bytes[index] >= 0x20 else { throw failure("control character in a string") }
            index += 1
        }
        guard index < bytes.count else { throw failure("unterminated string") }
        if bytes[index] == UInt8(ascii: "\"") {
            index += 1
            return String(decoding: bytes[start..<(index - 1)], as: UTF8.self)
        }
        var out = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return String(decoding: out, as: UTF8.self)
            }
            guard byte >= 0x20 else { throw failure("control character in a string") }
            if byte != UInt8(ascii: "\\") {
                out.append(byte)
                index += 1
                continue
            }
            index += 1
            guard index < bytes.count else { break }
            let escape = bytes[index]
            index += 1
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800...0xDBFF).contains(scalar), index + 6 <= bytes.count,
                    bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                {
                    index += 2
                    let low = try hex4()
                    if (0xDC00...0xDFFF).contains(low) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                }
                out.append(contentsOf: String(Unicode.Scalar(scalar) ?? "\u{FFFD}").utf8)
            default: throw failure("bad escape")
            }
        }
        throw failure("unterminated string")
    }

    private mutating func hex4() throws(Failure) -> UInt32 {
        guard index + 4 <= bytes.count else { throw failure("unexpected end") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw failure("bad \\u escape")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    private mutating func number() throws(Failure) -> Double {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        func digits(_ reader: inout JSONReader) -> Int {
            let from = reader.index
            while reader.index < reader.bytes.count,
                (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(reader.bytes[reader.index])
            {
                reader.index += 1
            }
            return reader.index - from
        }
        guard digits(&self) > 0 else { throw failure("bad number") }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits(&self) > 0 else { throw failure("bad number") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard digits(&self) > 0 else { throw failure("bad number") }
        }
        guard let value = Double(String(decoding: bytes[start..<index], as: UTF8.self)) else {
            throw failure("bad number")
        }
        return value
    }
}
