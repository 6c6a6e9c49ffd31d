import Foundation
import Probe
import Yams

/// Readers for the transport keys of `http:`: trust and client certificates, proxy, address pins,
/// IP family and HTTP/3. Files are checked here (exists, readable), so `ethotop check` points at
/// the line of a missing certificate rather than the first probe failing with a TLS error.
extension ConfigDecoder {
    func decodeTransport(_ fields: Fields, into spec: inout HTTPSpec, secrets: inout Redactor) {
        spec.caFile = readableFile(fields, "ca_file", what: "a PEM bundle of CA certificates")
        spec.clientCert = readableFile(fields, "client_cert", what: "a PEM client certificate")
        spec.clientKey = readableFile(fields, "client_key", what: "the client certificate's PEM key")
        if let node = fields["key_password"] {
            if let template = scalarText(node, key: "key_password", expected: "text"),
                let value = expand(template, key: "key_password", node: node, secrets: &secrets)
            {
                spec.keyPassword = value
                if !template.contains("${") {
                    secrets.add(value, placeholder: "***")
                    warn(at: node, "key_password is written literally; use ${VAR} to keep it out of the file")
                }
            }
        }
        if let node = fields["proxy"] { spec.proxy = decodeProxy(node, secrets: &secrets) ?? spec.proxy }
        spec.noProxy = string(fields, "no_proxy")
        if let node = fields["resolve"] { spec.resolve = decodePins(node) }
        if let version = choice(fields, "ip_version", IPVersion.self) { spec.ipVersion = version }
        if let http3 = bool(fields, "http3") {
            if http3 && !ProbeModule.supportsHTTP3 {
                error(
                    .invalidValue, at: fields["http3"],
                    "http3 is not available: this libcurl (\(ProbeModule.curlVersion)) was built without HTTP/3",
                    hint: "drop http3, or install a libcurl built with HTTP/3 (curl -V lists HTTP3)")
            } else {
                spec.http3 = http3
            }
        }
    }

    /// `proxy:` — `none`, or an `http://`, `https://`, `socks4(a)://` or `socks5(h)://` URL with a
    /// host, `${VAR}` substituted; credentials in it become secrets.
    private func decodeProxy(_ node: Node, secrets: inout Redactor) -> ProxySetting? {
        guard let template = scalarText(node, key: "proxy", expected: "a proxy URL or none") else {
            return nil
        }
        if template.lowercased() == "none" { return ProxySetting.none }
        guard let url = expand(template, key: "proxy", node: node, secrets: &secrets) else { return nil }
        if let password = URLRedaction.password(in: url) {
            secrets.add(password, placeholder: "***")
        } else if let user = URLRedaction.userinfo(in: url), !user.isEmpty {
            secrets.add(String(user), placeholder: "***")
        }
        let shown = ValueText.quoted(URLRedaction.maskUserinfo(in: template))
        let schemes = ["http", "https", "socks4", "socks4a", "socks5", "socks5h"]
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            let host = components.host, !host.isEmpty
        else {
            error(
                .invalidURL, at: node, "proxy \(shown) is not a URL with a host",
                hint: "write e.g. http://proxy.internal:3128, socks5h://127.0.0.1:1080, or none")
            return nil
        }
        guard schemes.contains(scheme) else {
            error(
                .invalidURL, at: node, "proxy scheme \"\(scheme)\" is not supported",
                hint: "one of " + schemes.map { $0 + "://" }.joined(separator: ", "))
            return nil
        }
        return .url(url)
    }

    /// `resolve:` — a list of `host:port:address` (an IPv6 address in brackets, as curl's
    /// `--resolve`).
    private func decodePins(_ node: Node) -> [String] {
        let items: [Node]
        if case .sequence(let sequence) = node { items = Array(sequence) } else { items = [node] }
        var pins: [String] = []
        for item in items {
            guard let text = scalarText(item, key: "resolve", expected: "host:port:address") else { continue }
            if Self.isValidPin(text) {
                pins.append(text)
            } else {
                error(
                    .invalidValue, at: item,
                    "resolve entry \(ValueText.quoted(text)) is not host:port:address",
                    hint: "e.g. api.internal:443:10.0.0.7 or api.internal:443:[::1]")
            }
        }
        return pins
    }

    /// `host:port:address` with a port in 1…65535 and an IPv4 or bracketed IPv6 address.
    static func isValidPin(_ text: String) -> Bool {
        let parts = text.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, let port = Int(parts[1]), (1...65_535).contains(port)
        else { return false }
        let host = parts[0]
        guard host.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_" }) else {
            return false
        }
        let address = String(parts[2])
        if address.hasPrefix("[") && address.hasSuffix("]") {
            var storage = in6_addr()
            return inet_pton(AF_INET6, String(address.dropFirst().dropLast()), &storage) == 1
        }
        var storage = in_addr()
        return inet_pton(AF_INET, address, &storage) == 1
    }

    /// A file path that must name a readable regular file; relative paths are taken from the
    /// config file's directory. Returns the absolute path.
    private func readableFile(_ fields: Fields, _ key: String, what: String) -> String? {
        guard let node = fields[key], let text = string(fields, key) else { return nil }
        let path: String
        if text.hasPrefix("/") {
            path = text
        } else {
            let base = (file as NSString).deletingLastPathComponent
            path = ((base.isEmpty ? FileManager.default.currentDirectoryPath : base) as NSString)
                .appendingPathComponent(text)
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            error(
                .invalidValue, at: node, "\(key): \(ValueText.quoted(path)) does not exist",
                hint: "\(key) is \(what); relative paths start at the config file's directory")
            return nil
        }
        guard !isDirectory.boolValue, access(path, R_OK) == 0 else {
            error(
                .invalidValue, at: node, "\(key): \(ValueText.quoted(path)) is not a readable file",
                hint: "\(key) is \(what); check its permissions")
            return nil
        }
        return path
    }
}
