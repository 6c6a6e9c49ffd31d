import Foundation
import Yams

/// Checks for endpoints whose URL is not HTTP (`tcp://`, `tls://`): keys that only mean something
/// for an HTTP request are errors when written on such an endpoint (inherited defaults are
/// ignored, since `defaults:` serves every endpoint).
extension ConfigDecoder {
    /// Keys of the endpoint itself and of its `expect`/`http` mappings that need HTTP.
    static let httpOnlyKeys: [ConfigSection: [String]] = [
        .endpoint: ["method", "headers", "body"],
        .expect: ["status", "body_contains", "body_regex", "json"],
        .http: ["follow_redirects", "http2", "http3", "max_body", "proxy", "no_proxy"],
    ]

    /// Reports HTTP-only keys written on `node`, an endpoint whose URL has `scheme`.
    func checkNonHTTPKeys(_ node: Node, scheme: String) {
        guard case .mapping(let mapping) = node else { return }
        func report(_ keyNode: Node, _ key: String) {
            error(
                .unreachable, at: keyNode, "\(key) does not apply to a \(scheme):// check",
                hint: "a \(scheme):// endpoint only connects\(scheme == "tls" ? " and handshakes" : ""); "
                    + "drop \(key), or use an http(s):// URL")
        }
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalar?.string else { continue }
            if Self.httpOnlyKeys[.endpoint, default: []].contains(key) { report(keyNode, key) }
            let section: ConfigSection? = key == "expect" ? .expect : key == "http" ? .http : nil
            guard let section, case .mapping(let inner) = value else { continue }
            for (innerKey, _) in inner {
                guard let name = innerKey.scalar?.string,
                    Self.httpOnlyKeys[section, default: []].contains(name)
                else { continue }
                report(innerKey, "\(key).\(name)")
            }
        }
    }

    /// A `tcp://` or `tls://` URL must name a port and nothing after it.
    func checkConnectOnlyURL(_ components: URLParts, node: Node, shown: String) -> Bool {
        guard components.port != nil else {
            error(
                .invalidURL, at: node, "url \(shown) has no port",
                hint:
                    "a \(components.scheme):// check needs one, e.g. \(components.scheme)://db.internal:5432")
            return false
        }
        guard components.path.isEmpty || components.path == "/", components.query == nil else {
            error(
                .invalidURL, at: node, "url \(shown) has a path or query",
                hint: "a \(components.scheme):// check connects to host:port only")
            return false
        }
        return true
    }

    /// The parts of a URL that the scheme checks look at.
    struct URLParts {
        var scheme: String
        var port: Int?
        var path: String
        var query: String?
    }
}
