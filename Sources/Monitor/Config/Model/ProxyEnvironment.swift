import Foundation

/// The proxy environment variables libcurl reads when an endpoint has no `proxy` key, and which
/// proxy they pick for a URL, so that `ethotop check` can say where each endpoint's requests go.
///
/// libcurl's rules (7.88, `lib/url.c`): for a URL of scheme `s`, `s_proxy` (lower case; for
/// schemes other than `http` also `S_PROXY`), else `all_proxy`/`ALL_PROXY`; `no_proxy`/`NO_PROXY`
/// lists hosts (or domain suffixes, or `*`) reached directly.
public struct ProxyEnvironment: Sendable, Hashable {
    /// The proxy variables that were set (and non-empty), by name.
    public var variables: [String: String]

    /// Every name libcurl looks at.
    public static let names = [
        "http_proxy", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY",
    ]

    /// Keeps the proxy variables of `environment`.
    public init(_ environment: [String: String]) {
        variables = environment.filter { Self.names.contains($0.key) && !$0.value.isEmpty }
    }

    /// The variable and proxy URL used for `url`, or `nil` when the request goes direct.
    public func proxy(for url: String) -> (variable: String, url: String)? {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            let host = components.host?.lowercased()
        else { return nil }
        let noProxy = variables["no_proxy"] ?? variables["NO_PROXY"]
        if let noProxy, Self.matches(noProxy: noProxy, host: host) { return nil }
        var candidates = ["\(scheme)_proxy"]
        if scheme != "http" { candidates.append("\(scheme.uppercased())_PROXY") }
        candidates += ["all_proxy", "ALL_PROXY"]
        for name in candidates {
            if let value = variables[name] { return (name, value) }
        }
        return nil
    }

    /// Whether `host` is in a `no_proxy` list: `*`, the host itself, or a domain it is under
    /// (a leading dot is optional).
    static func matches(noProxy: String, host: String) -> Bool {
        let bare = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        for entry in noProxy.split(separator: ",") {
            var name = entry.trimmingCharacters(in: .whitespaces).lowercased()
            if name == "*" { return true }
            if name.hasPrefix(".") { name.removeFirst() }
            if name.isEmpty { continue }
            if bare == name || bare.hasSuffix("." + name) { return true }
        }
        return false
    }
}

extension EndpointConfig {
    /// Where this endpoint's requests go, for `ethotop check`: `proxy <url>` with credentials
    /// redacted, `proxy <url> (from https_proxy)`, or `direct` when a proxy variable is set but
    /// does not apply; `nil` when no proxy is involved at all.
    public func proxyRoute(_ environment: ProxyEnvironment) -> String? {
        switch http.proxy {
        case .none: return "direct (proxy: none)"
        case .url(let url):
            if let noProxy = http.noProxy, let host = URLComponents(string: self.url)?.host?.lowercased(),
                ProxyEnvironment.matches(noProxy: noProxy, host: host)
            {
                return "direct (no_proxy)"
            }
            return "proxy \(redactor.redact(url))"
        case .environment:
            var effective = environment
            if let noProxy = http.noProxy { effective.variables["no_proxy"] = noProxy }
            if let (variable, url) = effective.proxy(for: self.url) {
                return "proxy \(redactor.redact(url)) (from \(variable))"
            }
            let anyProxy = environment.variables.keys.contains { !$0.lowercased().hasPrefix("no_") }
            return anyProxy ? "direct (no_proxy)" : nil
        }
    }
}
