import Foundation
import NIOHTTP1

/// One decoded request, as the router sees it.
struct ChaosRequest {
    /// The request method.
    var method: HTTPMethod
    /// The percent-decoded path, without the query (`/status/503`).
    var path: String
    /// The raw query string after `?` (empty when absent); part of a random stream's identity.
    var rawQuery: String
    /// The decoded query parameters; a repeated key keeps its last value.
    var query: [String: String]
    /// The request headers.
    var headers: HTTPHeaders
    /// Whether the connection may carry another request after this one.
    var keepAlive: Bool
    /// The HTTP version the client spoke.
    var version: HTTPVersion
    /// The request body, kept up to ``ChaosRequest/maxBodyBytes``.
    var body: [UInt8] = []
    /// The body's full length, including bytes beyond the kept prefix.
    var bodyLength = 0

    /// The most body bytes kept per request (for `/echo`); the rest is counted and dropped.
    static let maxBodyBytes = 64 * 1024

    /// A request from its decoded head.
    init(head: HTTPRequestHead) {
        method = head.method
        headers = head.headers
        keepAlive = head.isKeepAlive
        version = head.version
        let target = head.uri
        let pathPart: Substring
        if let mark = target.firstIndex(of: "?") {
            pathPart = target[..<mark]
            rawQuery = String(target[target.index(after: mark)...])
        } else {
            pathPart = Substring(target)
            rawQuery = ""
        }
        path = Self.decode(pathPart)
        query = Self.parseQuery(rawQuery)
    }

    /// The identity of this endpoint's random stream: path plus query, so that
    /// `/flaky?p=0.3` and `/flaky?p=0.5` draw independently.
    var streamKey: String { rawQuery.isEmpty ? path : "\(path)?\(rawQuery)" }

    /// Adds a piece of the body, keeping at most ``maxBodyBytes``.
    mutating func append(body part: some Collection<UInt8>) {
        bodyLength += part.count
        let room = Self.maxBodyBytes - body.count
        if room > 0 { body.append(contentsOf: part.prefix(room)) }
    }

    /// Splits `a=1&b=x%20y` into decoded pairs; `+` means space, as in forms.
    static func parseQuery(_ raw: String) -> [String: String] {
        var result: [String: String] = [:]
        for pair in raw.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = decode(parts[0], plusIsSpace: true)
            let value = parts.count > 1 ? decode(parts[1], plusIsSpace: true) : ""
            result[key] = value
        }
        return result
    }

    private static func decode(_ text: Substring, plusIsSpace: Bool = false) -> String {
        let spaced = plusIsSpace ? text.replacingOccurrences(of: "+", with: " ") : String(text)
        return spaced.removingPercentEncoding ?? spaced
    }
}
