import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A blocking HTTP/1.1 client over a Unix socket (or loopback TCP), for the agent's tests: whole
/// requests and responses, a stream read line by line (chunked encoding undone), and raw bytes for
/// the misbehaving-client tests. Every read has a timeout, so a broken server fails the test
/// instead of hanging it.
public final class UnixSocketClient {
    /// A response: status, headers (lower-cased names), body.
    public struct Response: Sendable {
        /// The status code.
        public var status: Int
        /// Header values by lower-cased name.
        public var headers: [String: String]
        /// The body, decoded as UTF-8.
        public var body: String
    }

    /// Why a call failed.
    public struct Failure: Error, CustomStringConvertible {
        /// What went wrong.
        public var description: String
        /// A failure saying `description`.
        public init(_ description: String) { self.description = description }
    }

    private let descriptor: Int32
    private var buffer: [UInt8] = []
    /// Bytes of the current chunk still to read from a chunked body, `nil` outside one.
    private var chunkLeft: Int?
    private var decoded: [UInt8] = []

    /// Connects to the Unix socket at `path`.
    public init(path: String, timeout: Duration = .seconds(10)) throws {
        descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw Failure("socket: errno \(errno)") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes.prefix(raw.count - 1))
            raw[min(bytes.count, raw.count - 1)] = 0
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard connected == 0 else {
            let code = errno
            close(descriptor)
            throw Failure("connect \(path): errno \(code)")
        }
        setTimeout(timeout)
    }

    /// Connects to 127.0.0.1:`port`.
    public init(port: Int, timeout: Duration = .seconds(10)) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw Failure("socket: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            let code = errno
            close(descriptor)
            throw Failure("connect 127.0.0.1:\(port): errno \(code)")
        }
        setTimeout(timeout)
    }

    deinit { close(descriptor) }

    private func setTimeout(_ timeout: Duration) {
        let (seconds, attoseconds) = timeout.components
        var value = timeval(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Sends `bytes`; `false` when the server has closed the connection.
    @discardableResult
    public func send(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes {
                Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if sent <= 0 {
                if sent < 0 && errno == EINTR { continue }
                return false
            }
            offset += sent
        }
        return true
    }

    /// Sends a request with `body` (and its Content-Length) and reads the whole response.
    public func request(
        _ method: String, _ target: String, headers: [String: String] = [:], body: String? = nil
    ) throws -> Response {
        send(Array(Self.requestText(method, target, headers: headers, body: body).utf8))
        return try readResponse()
    }

    /// The text of a request.
    public static func requestText(
        _ method: String, _ target: String, headers: [String: String] = [:], body: String? = nil
    ) -> String {
        var text = "\(method) \(target) HTTP/1.1\r\nHost: agent\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if let body { text += "Content-Length: \(body.utf8.count)\r\n" }
        return text + "\r\n" + (body ?? "")
    }

    /// Reads a response head; then the body by Content-Length, chunks, or to the close.
    public func readResponse() throws -> Response {
        let (status, headers) = try readHead()
        var body: [UInt8] = []
        if let length = headers["content-length"].flatMap(Int.init) {
            while buffer.count < length { guard fill() else { throw Failure("closed inside a body") } }
            body = Array(buffer.prefix(length))
            buffer.removeFirst(length)
        } else if headers["transfer-encoding"]?.lowercased() == "chunked" {
            chunkLeft = 0
            while let chunk = try nextChunk() { body += chunk }
        } else {
            while fill() {}
            body = buffer
            buffer = []
        }
        return Response(status: status, headers: headers, body: String(decoding: body, as: UTF8.self))
    }

    /// Reads a response head and prepares to read a chunked body line by line (``nextLine()``).
    public func readHead() throws -> (status: Int, headers: [String: String]) {
        while true {
            if let end = Self.find([13, 10, 13, 10], in: buffer) {
                let text = String(decoding: buffer[..<end], as: UTF8.self)
                buffer.removeFirst(end + 4)
                var lines = text.components(separatedBy: "\r\n")
                let statusLine = lines.removeFirst().split(separator: " ")
                guard statusLine.count >= 2, let status = Int(statusLine[1]) else {
                    throw Failure("not an HTTP response: \(text)")
                }
                var headers: [String: String] = [:]
                for line in lines {
                    guard let colon = line.firstIndex(of: ":") else { continue }
                    headers[line[..<colon].lowercased()] = line[line.index(after: colon)...]
                        .trimmingCharacters(in: .whitespaces)
                }
                chunkLeft = headers["transfer-encoding"]?.lowercased() == "chunked" ? 0 : nil
                return (status, headers)
            }
            guard fill() else { throw Failure("closed before a response head (\(buffer.count) bytes)") }
        }
    }

    /// The next `\n`-terminated line of a chunked body (without the newline), or `nil` at its
    /// end, at the close, or after the timeout.
    public func nextLine() throws -> String? {
        while true {
            if let newline = decoded.firstIndex(of: 0x0A) {
                let line = String(decoding: decoded[..<newline], as: UTF8.self)
                decoded.removeFirst(newline + 1)
                return line
            }
            guard let chunk = try nextChunk() else { return nil }
            decoded += chunk
        }
    }

    /// The next piece of a chunked body, or `nil` at its end or the close.
    private func nextChunk() throws -> [UInt8]? {
        if chunkLeft == nil || chunkLeft == 0 {
            guard let sizeLine = readCRLFLine() else { return nil }
            let size = Int(sizeLine.split(separator: ";").first.map(String.init) ?? "", radix: 16) ?? -1
            guard size >= 0 else { throw Failure("bad chunk size '\(sizeLine)'") }
            if size == 0 { return nil }
            chunkLeft = size
        }
        while buffer.isEmpty { guard fill() else { return nil } }
        let take = min(chunkLeft ?? 0, buffer.count)
        let piece = Array(buffer.prefix(take))
        buffer.removeFirst(take)
        chunkLeft = (chunkLeft ?? 0) - take
        if chunkLeft == 0 {
            // The CRLF after the chunk's data.
            while buffer.count < 2 { guard fill() else { return piece } }
            buffer.removeFirst(2)
        }
        return piece
    }

    /// A CRLF-terminated line of the raw buffer.
    private func readCRLFLine() -> String? {
        while true {
            if let end = Self.find([13, 10], in: buffer) {
                let line = String(decoding: buffer[..<end], as: UTF8.self)
                buffer.removeFirst(end + 2)
                return line
            }
            guard fill() else { return nil }
        }
    }

    /// Everything the server sends until it closes (or the timeout).
    public func readUntilClosed() -> String {
        while fill() {}
        defer { buffer = [] }
        return String(decoding: buffer, as: UTF8.self)
    }

    /// Whether the server has closed the connection: a read sees EOF (or a reset) within the timeout.
    public func isClosedByServer() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = recv(descriptor, &chunk, chunk.count, 0)
            if count == 0 { return true }
            if count < 0 { return errno == ECONNRESET || errno == EPIPE }
        }
    }

    /// Reads more into the buffer; `false` at EOF, error or timeout.
    private func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let count = recv(descriptor, &chunk, chunk.count, 0)
        guard count > 0 else { return false }
        buffer += chunk[..<count]
        return true
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for index in 0...(haystack.count - needle.count) where haystack[index] == needle[0] {
            if Array(haystack[index..<(index + needle.count)]) == needle { return index }
        }
        return nil
    }
}
