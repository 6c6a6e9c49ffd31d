/// Masks credentials in URLs: `https://user:pass@host` → `https://user:***@host`.
enum URLRedaction {
    /// Characters that end a URL's authority (or the URL) when scanning free text.
    private static let authorityEnd: Set<UInt8> = Set("/?#\\ \t\r\n\"'<>`".utf8)

    /// Every `scheme://userinfo@` in `text` with the password (or, for a bare user, which is often a
    /// token, the whole userinfo) replaced by `***`.
    static func maskUserinfo(in text: String) -> String {
        let bytes = Array(text.utf8)
        guard bytes.count >= 4 else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        var changed = false
        while index < bytes.count {
            if index + 2 < bytes.count, bytes[index] == UInt8(ascii: ":"),
                bytes[index + 1] == UInt8(ascii: "/"),
                bytes[index + 2] == UInt8(ascii: "/")
            {
                out.append(contentsOf: "://".utf8)
                index += 3
                let start = index
                var end = index
                while end < bytes.count, !authorityEnd.contains(bytes[end]) { end += 1 }
                if let at = bytes[start..<end].lastIndex(of: UInt8(ascii: "@")) {
                    let userinfo = bytes[start..<at]
                    if let colon = userinfo.firstIndex(of: UInt8(ascii: ":")) {
                        out.append(contentsOf: bytes[start...colon])
                    }
                    out.append(contentsOf: "***".utf8)
                    index = at
                    changed = true
                }
                continue
            }
            out.append(bytes[index])
            index += 1
        }
        return changed ? String(decoding: out, as: UTF8.self) : text
    }

    /// The URL password in `url`'s userinfo, if any (`https://user:pass@host` → `pass`).
    static func password(in url: String) -> String? {
        guard let userinfo = userinfo(in: url), let colon = userinfo.firstIndex(of: ":") else { return nil }
        let password = userinfo[userinfo.index(after: colon)...]
        return password.isEmpty ? nil : String(password)
    }

    /// The userinfo of `url` (between `://` and the last `@` of the authority), if any.
    static func userinfo(in url: String) -> Substring? {
        guard let schemeEnd = url.range(of: "://") else { return nil }
        let rest = url[schemeEnd.upperBound...]
        let authority = rest.prefix { !"/?#".contains($0) }
        guard let at = authority.lastIndex(of: "@") else { return nil }
        return authority[..<at]
    }

    /// Names of query parameters whose literal values are treated as secrets (besides the header
    /// markers: `token`, `key`, `secret`, …).
    static let credentialQueryMarkers = HTTPHeader.sensitiveMarkers + ["pass", "sig", "credential"]

    /// The literal values of credential-looking query parameters in `url` (`?api_key=abc` → `abc`),
    /// as written; values containing `${` come from variables and are registered as such.
    static func credentialQueryValues(in url: String) -> [String] {
        guard let mark = url.firstIndex(of: "?") else { return [] }
        let query = url[url.index(after: mark)...].prefix { $0 != "#" }
        var values: [String] = []
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[1].isEmpty, !parts[1].contains("${") else { continue }
            let name = parts[0].lowercased()
            if credentialQueryMarkers.contains(where: { name.contains($0) }) {
                values.append(String(parts[1]))
            }
        }
        return values
    }
}
