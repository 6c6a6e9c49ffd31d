/// A minimal, strict HTTP/1.1 response parser for the tests: status, raw reason, raw headers, body.
///
/// Deliberately independent of the server's own code, so a framing bug cannot cancel itself out.
struct HTTPReply {
    /// The status code.
    var status: Int
    /// The reason phrase, raw.
    var reason: [UInt8]
    /// Header lines in order, values raw.
    var headers: [(name: String, value: [UInt8])]
    /// The body, de-chunked when it was chunk-encoded.
    var body: [UInt8]
    /// Whether the body was chunk-encoded.
    var chunked: Bool

    /// The first value of header `name` (case-insensitive) as text.
    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }.map {
            String(decoding: $0.value, as: UTF8.self)
        }
    }

    /// The body as text.
    var text: String { String(decoding: body, as: UTF8.self) }

    /// Parses every response in `bytes` (several when requests were pipelined on one connection).
    static func parseAll(_ bytes: [UInt8]) -> [HTTPReply] {
        var replies: [HTTPReply] = []
        var rest = bytes[...]
        while !rest.isEmpty, let (reply, consumed) = parse(rest) {
            replies.append(reply)
            rest = rest.dropFirst(consumed)
        }
        return replies
    }

    /// Parses the first response in `bytes`.
    static func parse(_ bytes: [UInt8]) -> HTTPReply? { parse(bytes[...])?.0 }

    private static func parse(_ bytes: ArraySlice<UInt8>) -> (HTTPReply, Int)? {
        var index = bytes.startIndex
        func line() -> ArraySlice<UInt8>? {
            guard let cr = bytes[index...].firstIndex(of: 13), cr + 1 < bytes.endIndex, bytes[cr + 1] == 10
            else {
                return nil
            }
            defer { index = cr + 2 }
            return bytes[index..<cr]
        }
        guard let statusLine = line(), statusLine.starts(with: Array("HTTP/1.1 ".utf8)) else { return nil }
        let afterVersion = statusLine.dropFirst(9)
        guard let status = Int(String(decoding: afterVersion.prefix(3), as: UTF8.self)) else { return nil }
        let reason = Array(afterVersion.dropFirst(4))
        var headers: [(String, [UInt8])] = []
        while let header = line(), !header.isEmpty {
            guard let colon = header.firstIndex(of: 58) else { return nil }
            let name = String(decoding: header[..<colon], as: UTF8.self)
            headers.append((name, Array(header[(colon + 1)...].drop { $0 == 32 })))
        }
        var reply = HTTPReply(status: status, reason: reason, headers: headers, body: [], chunked: false)
        if reply.header("transfer-encoding")?.lowercased() == "chunked" {
            reply.chunked = true
            while let sizeLine = line(), let size = Int(String(decoding: sizeLine, as: UTF8.self), radix: 16)
            {
                if size == 0 {
                    _ = line()
                    return (reply, index - bytes.startIndex)
                }
                guard index + size <= bytes.endIndex else { return nil }
                reply.body += bytes[index..<(index + size)]
                index += size
                guard line() != nil else { return nil }
            }
            return nil
        }
        let length = reply.header("content-length").flatMap { Int($0) } ?? (bytes.endIndex - index)
        guard index + length <= bytes.endIndex else { return nil }
        reply.body = Array(bytes[index..<(index + length)])
        return (reply, index + length - bytes.startIndex)
    }
}
