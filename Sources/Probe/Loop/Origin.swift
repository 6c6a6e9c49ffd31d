/// The connection-pool key of a URL: scheme, host and port, lowercased, default port filled in.
enum Origin {
    /// `http://Example.com/x` → `http://example.com:80`. It runs per request when a per-host limit
    /// is set, so it only slices. Unparseable input is its own key (libcurl will reject the URL).
    static func key(_ url: String) -> Substring {
        let lower = url.lowercased()
        guard let colon = lower.firstIndex(of: ":"), lower[colon...].hasPrefix("://") else {
            return Substring(lower)
        }
        let scheme = lower[..<colon]
        var authority = lower[lower.index(colon, offsetBy: 3)...]
        if let end = authority.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) {
            authority = authority[..<end]
        }
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        let hostEnd = authority.lastIndex(of: "]") ?? authority.startIndex
        if authority[hostEnd...].contains(":") { return Substring("\(scheme)://\(authority)") }
        return Substring("\(scheme)://\(authority):\(scheme == "https" ? "443" : "80")")
    }
}
