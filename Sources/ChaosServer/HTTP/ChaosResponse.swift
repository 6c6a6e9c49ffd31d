import NIOCore

/// A response the handler writes byte for byte, bypassing NIO's HTTP encoder.
///
/// Writing the head ourselves is what lets the server send what a well-behaved encoder refuses
/// to: any three-digit status, reason phrases and header values carrying escape sequences and
/// invalid UTF-8. Only CR and LF are kept out of header lines, so the framing stays parseable.
struct ChaosResponse {
    /// The status code, 100...999.
    var status: Int
    /// The reason phrase, as raw bytes.
    var reason: [UInt8]
    /// Header lines in order; values are raw bytes.
    var headers: [(name: String, value: [UInt8])] = []
    /// The body.
    var body: [UInt8] = []

    /// A response with a standard reason phrase and a text body.
    init(status: Int, body: String = "", contentType: String = "text/plain; charset=utf-8") {
        self.status = status
        self.reason = Array(Self.reasonPhrase(for: status).utf8)
        self.body = Array(body.utf8)
        if !body.isEmpty { add("Content-Type", contentType) }
    }

    /// A response with raw reason and body bytes.
    init(status: Int, reason: [UInt8], body: [UInt8]) {
        self.status = status
        self.reason = reason
        self.body = body
    }

    /// Appends a header with a text value.
    mutating func add(_ name: String, _ value: String) {
        headers.append((name, Array(value.utf8)))
    }

    /// Whether the status forbids a body (RFC 9110: 1xx, 204, 304).
    var forbidsBody: Bool { (100..<200).contains(status) || status == 204 || status == 304 }

    /// The status line and headers, adding `Content-Length` (unless one was set or the body is
    /// streamed with `Transfer-Encoding`) and `Connection: close` when the connection will close.
    func head(keepAlive: Bool, contentLength: Int?) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(128 + headers.count * 32)
        out += Array("HTTP/1.1 \(status) ".utf8)
        out += Self.sanitizeLine(reason)
        out += [13, 10]
        var hasLength = false
        for header in headers {
            let lower = header.name.lowercased()
            if lower == "content-length" || lower == "transfer-encoding" { hasLength = true }
            out += Array(header.name.utf8) + Array(": ".utf8) + Self.sanitizeLine(header.value) + [13, 10]
        }
        if !hasLength, let contentLength, !(forbidsBody && status != 304) {
            out += Array("Content-Length: \(contentLength)\r\n".utf8)
        }
        out += Array("Server: ethotop-chaos\r\n".utf8)
        if !keepAlive { out += Array("Connection: close\r\n".utf8) }
        out += [13, 10]
        return out
    }

    /// Removes CR and LF, the only bytes that would break the framing itself.
    static func sanitizeLine(_ bytes: [UInt8]) -> [UInt8] {
        bytes.filter { $0 != 13 && $0 != 10 }
    }

    /// The usual reason phrase for `status`, or `Chaos` for codes without one.
    static func reasonPhrase(for status: Int) -> String {
        switch status {
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        case 203: "Non-Authoritative Information"
        case 204: "No Content"
        case 206: "Partial Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 303: "See Other"
        case 304: "Not Modified"
        case 307: "Temporary Redirect"
        case 308: "Permanent Redirect"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 409: "Conflict"
        case 410: "Gone"
        case 413: "Content Too Large"
        case 418: "I'm a teapot"
        case 422: "Unprocessable Content"
        case 425: "Too Early"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: "Chaos"
        }
    }
}
