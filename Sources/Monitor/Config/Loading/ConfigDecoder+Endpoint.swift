import Foundation
import Yams

/// Readers for one endpoint: identity, request, and the merge of `defaults:` under it.
extension ConfigDecoder {
    /// Decodes one entry of `endpoints:` over `defaults`. Returns the endpoint and its name's node
    /// (for duplicate-name errors), or nil when the entry is too broken to name.
    func decodeEndpoint(_ node: Node, defaults: Node?, rateLimits: [String]) -> (EndpointConfig, Node)? {
        let merged = overlay(base: defaults, over: node, allowedKeys: Set(ConfigSection.policyKeys))
        guard let fields = fields(merged, .endpoint, what: "an endpoint") else { return nil }
        var secrets = Redactor()

        let name = string(fields, "name")
        if fields["name"] == nil {
            error(.missingKey, at: node, "endpoint has no name", hint: "add name: followed by a unique name")
        }
        let label = name ?? "?"
        let url = expandedURL(fields, secrets: &secrets)
        if fields["url"] == nil {
            let who = name.map { "endpoint \(ValueText.quoted($0))" } ?? "endpoint"
            error(.missingKey, at: node, "\(who) has no url", hint: "add url: https://host/path")
        }
        let method = decodeMethod(fields)
        let headers = decodeHeaders(fields["headers"], secrets: &secrets)
        let body = fields["body"].flatMap { bodyNode in
            expanded(fields, "body", node: bodyNode, secrets: &secrets)
        }
        let group = string(fields, "group")
        let rateLimit = string(fields, "rate_limit")
        if let rateLimit, !rateLimits.contains(rateLimit) {
            let near = Suggestion.closest(to: rateLimit, in: rateLimits)
            error(
                .unknownRateLimit, at: fields["rate_limit"],
                "unknown rate limit \(ValueText.quoted(rateLimit))",
                hint: near.map { "did you mean \"\($0)\"?" }
                    ?? (rateLimits.isEmpty
                        ? "define it under rate_limits: at the top level"
                        : "defined rate limits: " + rateLimits.joined(separator: ", ")))
        }

        var defaultsValue = EndpointDefaults()
        if let value = duration(fields, "interval", min: .milliseconds(100), max: .seconds(86_400)) {
            defaultsValue.interval = value
        }
        if let value = duration(fields, "timeout", max: .seconds(3_600)) { defaultsValue.timeout = value }
        if let value = duration(fields, "connect_timeout", max: .seconds(3_600)) {
            defaultsValue.connectTimeout = value
        }
        defaultsValue.expect = decodeExpect(fields["expect"])
        defaultsValue.breaker = decodeBreaker(fields["breaker"], checks: true)
        defaultsValue.retry = decodeRetry(fields["retry"], checks: true)
        defaultsValue.http = decodeHTTP(fields["http"], checks: true, secrets: &secrets)

        let endpoint = EndpointConfig(
            name: label, url: url ?? "", method: method ?? "GET", headers: headers, body: body, group: group,
            defaults: defaultsValue, rateLimit: rateLimit, redactor: secrets)
        checkEndpoint(endpoint, fields)
        if let scheme = url.flatMap({ URLComponents(string: $0)?.scheme?.lowercased() }),
            scheme == "tcp" || scheme == "tls"
        {
            checkNonHTTPKeys(node, scheme: scheme)
        }
        redactor.merge(secrets)
        return (endpoint, fields["name"] ?? node)
    }

    /// The policy of `defaults:` on its own (shown by `ethotop check`, and used when there are no
    /// endpoints to merge it into).
    func decodeDefaults(_ node: Node?) -> EndpointDefaults {
        var value = EndpointDefaults()
        guard let node, !Self.isNull(node), let fields = fields(node, .defaults) else { return value }
        var secrets = Redactor()
        if let interval = duration(fields, "interval", min: .milliseconds(100), max: .seconds(86_400)) {
            value.interval = interval
        }
        if let timeout = duration(fields, "timeout", max: .seconds(3_600)) { value.timeout = timeout }
        if let connect = duration(fields, "connect_timeout", max: .seconds(3_600)) {
            value.connectTimeout = connect
        }
        value.headers = decodeHeaders(fields["headers"], secrets: &secrets)
        value.expect = decodeExpect(fields["expect"])
        value.breaker = decodeBreaker(fields["breaker"], checks: false)
        value.retry = decodeRetry(fields["retry"], checks: false)
        value.http = decodeHTTP(fields["http"], checks: false, secrets: &secrets)
        redactor.merge(secrets)
        return value
    }

    /// Cross-key checks that span sections of one endpoint.
    private func checkEndpoint(_ endpoint: EndpointConfig, _ fields: Fields) {
        let expectFields = fields["expect"].flatMap { node in quietFields(node, .expect) }
        let checksBody =
            endpoint.expect.bodyContains != nil || endpoint.expect.bodyRegex != nil
            || !endpoint.expect.json.isEmpty
        if checksBody && endpoint.method == "HEAD" {
            error(
                .unreachable,
                at: expectFields?.position(
                    endpoint.expect.bodyContains != nil
                        ? "body_contains" : endpoint.expect.bodyRegex != nil ? "body_regex" : "json")
                    ?? fields.position("method"),
                "a HEAD response has no body, so the body expectation can never pass",
                hint: "use method: GET, or drop body_contains/body_regex/json")
        }
        if checksBody && endpoint.http.maxBody == 0 {
            let httpFields = fields["http"].flatMap { node in quietFields(node, .http) }
            error(
                .unreachable, at: httpFields?.position("max_body") ?? fields.position("http"),
                "max_body is 0, so the body expectation can never pass",
                hint: "allow the body to be read, e.g. max_body: 64KiB")
        }
        if let maxLatency = endpoint.expect.maxLatency, maxLatency >= endpoint.timeout {
            warn(
                at: expectFields?.position("max_latency"),
                "max_latency (\(DurationParser.format(maxLatency))) is not below timeout "
                    + "(\(DurationParser.format(endpoint.timeout))): a probe that slow times out first",
                endpoint: endpoint.name)
        }
        if endpoint.connectTimeout > endpoint.timeout {
            warn(
                at: fields.position("connect_timeout"),
                "connect_timeout (\(DurationParser.format(endpoint.connectTimeout))) is longer than timeout "
                    + "(\(DurationParser.format(endpoint.timeout))); timeout wins", endpoint: endpoint.name)
        }
        if let slow = endpoint.breaker.slowCall, endpoint.breaker.slowCallRate != nil,
            slow >= endpoint.timeout
        {
            let breakerFields = fields["breaker"].flatMap { node in quietFields(node, .breaker) }
            warn(
                at: breakerFields?.position("slow_call"),
                "slow_call (\(DurationParser.format(slow))) is not below timeout (\(DurationParser.format(endpoint.timeout))): "
                    + "slow calls time out before they count as slow", endpoint: endpoint.name)
        }
        if endpoint.body != nil && ["GET", "HEAD"].contains(endpoint.method) {
            warn(
                at: fields.position("body"),
                "a \(endpoint.method) request with a body; many servers ignore it", endpoint: endpoint.name)
        }
        if endpoint.retry.maxTime < endpoint.timeout && endpoint.retry.maxTries > 1 {
            let retryFields = fields["retry"].flatMap { node in quietFields(node, .retry) }
            warn(
                at: retryFields?.position("max_time"),
                "retry.max_time (\(DurationParser.format(endpoint.retry.maxTime))) is shorter than timeout "
                    + "(\(DurationParser.format(endpoint.timeout))): a timed-out attempt is never retried",
                endpoint: endpoint.name)
        }
    }

    /// A fields view for positions only (errors in it were already reported).
    private func quietFields(_ node: Node, _ section: ConfigSection) -> Fields? {
        guard case .mapping(let mapping) = node else { return nil }
        let entries = mapping.compactMap { key, value in key.scalar.map { ($0.string, key, value) } }
        return Fields(node: node, section: section, entries: entries)
    }

    private func decodeMethod(_ fields: Fields) -> String? {
        guard let text = string(fields, "method") else { return nil }
        let method = text.uppercased()
        guard method.unicodeScalars.allSatisfy(Self.isTokenCharacter) else {
            error(
                .invalidValue, at: fields["method"], "method \(ValueText.quoted(text)) is not an HTTP method",
                hint: "e.g. GET, HEAD, POST")
            return nil
        }
        return method
    }

    /// `url:` with `${VAR}` substituted, checked to be an absolute http(s) URL with a host.
    private func expandedURL(_ fields: Fields, secrets: inout Redactor) -> String? {
        guard let node = fields["url"], let template = scalarText(node, key: "url", expected: "a URL") else {
            return nil
        }
        guard let url = expanded(fields, "url", node: node, secrets: &secrets) else { return nil }
        if let password = URLRedaction.password(in: url) {
            secrets.add(password, placeholder: "***")
        } else if let user = URLRedaction.userinfo(in: url), !user.isEmpty {
            secrets.add(String(user), placeholder: "***")
        }
        if let userinfo = URLRedaction.userinfo(in: url), !userinfo.isEmpty {
            let parts = userinfo.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            secrets.addUserinfo(user: String(parts[0]), password: parts.count > 1 ? String(parts[1]) : nil)
        }
        for value in URLRedaction.credentialQueryValues(in: template) {
            secrets.add(value, placeholder: "***")
        }
        let shown = ValueText.quoted(URLRedaction.maskUserinfo(in: template))
        let substituted = template.contains("${") ? " after substituting variables" : ""
        if url.unicodeScalars.contains(where: {
            $0.properties.isWhitespace || $0.properties.generalCategory == .control
        }) {
            error(
                .invalidURL, at: node, "url \(shown) contains spaces or control characters\(substituted)",
                hint: "percent-encode them, e.g. %20")
            return nil
        }
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased() else {
            error(
                .invalidURL, at: node, "url \(shown) is not a valid absolute URL\(substituted)",
                hint: "write e.g. https://api.example.com/health")
            return nil
        }
        guard ["http", "https", "tcp", "tls"].contains(scheme) else {
            error(
                .invalidURL, at: node, "url scheme \"\(scheme)\" is not supported",
                hint:
                    "ethotop probes http:// and https:// URLs, and checks tcp://host:port and tls://host:port"
            )
            return nil
        }
        guard let host = components.host, !host.isEmpty else {
            error(
                .invalidURL, at: node, "url \(shown) has no host\(substituted)",
                hint: "write e.g. https://api.example.com/health")
            return nil
        }
        if let port = components.port, !(1...65_535).contains(port) {
            error(
                .invalidURL, at: node, "url \(shown) has port \(port), outside 1–65535\(substituted)",
                hint: "a TCP port is 1–65535; leave it out for the scheme's default (80 or 443)")
            return nil
        }
        if scheme == "tcp" || scheme == "tls" {
            let parts = URLParts(
                scheme: scheme, port: components.port, path: components.path, query: components.query)
            guard checkConnectOnlyURL(parts, node: node, shown: shown) else { return nil }
        }
        return url
    }

    /// The text of `key` with `${VAR}` substituted; inserted values are added to `secrets`.
    func expanded(_ fields: Fields, _ key: String, node: Node, secrets: inout Redactor) -> String? {
        guard let template = scalarText(node, key: key, expected: "text") else { return nil }
        return expand(template, key: key, node: node, secrets: &secrets)
    }

    /// `template` with `${VAR}` substituted, or nil (after errors) when a variable is missing.
    func expand(_ template: String, key: String, node: Node, secrets: inout Redactor) -> String? {
        let expansion = expander.expand(template)
        for (name, value) in expansion.used { secrets.add(value, placeholder: "${\(name)}") }
        for message in expansion.malformed {
            error(.invalidValue, at: node, "\(key): \(message)", hint: "write ${NAME}, or $$ for a literal $")
        }
        for name in expansion.missing {
            error(
                .missingVariable, at: node, "environment variable \(name) is not set (used in \(key))",
                hint: "export \(name)=… before starting ethotop, or write ${\(name):-fallback}")
        }
        for (name, value) in expansion.used where value.isEmpty {
            warn(at: node, "environment variable \(name) is set but empty (used in \(key))")
        }
        return expansion.missing.isEmpty && expansion.malformed.isEmpty ? expansion.value : nil
    }

    /// `headers:` as name/value pairs in file order; a null value removes a header set in defaults.
    func decodeHeaders(_ node: Node?, secrets: inout Redactor) -> [HTTPHeader] {
        guard let node, !Self.isNull(node), let pairs = pairs(node, what: "headers") else { return [] }
        var headers: [HTTPHeader] = []
        var seen: [String: Node] = [:]
        for (keyNode, valueNode) in pairs {
            guard case .scalar(let key) = keyNode, !key.string.isEmpty,
                key.string.unicodeScalars.allSatisfy(Self.isTokenCharacter)
            else {
                error(
                    .invalidValue, at: keyNode,
                    "header name \(ValueText.quoted(keyNode.scalar?.string ?? "")) is not valid",
                    hint: "header names are letters, digits and -, e.g. X-Request-Id")
                continue
            }
            if let earlier = seen[key.string.lowercased()] {
                error(
                    .duplicateKey, at: keyNode, "header \(ValueText.quoted(key.string)) is set twice",
                    hint:
                        "it is already set at line \(earlier.mark?.line ?? 0); header names are case-insensitive"
                )
                continue
            }
            seen[key.string.lowercased()] = keyNode
            if Self.isNull(valueNode) { continue }
            guard let template = scalarText(valueNode, key: "header \(key.string)", expected: "text"),
                let value = expand(template, key: "header \(key.string)", node: valueNode, secrets: &secrets)
            else { continue }
            if let control = value.unicodeScalars.first(where: Self.isForbiddenInHeaderValue) {
                let name =
                    switch control {
                    case "\r", "\n": "a line break"
                    case "\0": "NUL"
                    case "\u{1B}": "ESC"
                    default: String(format: "the control character U+%04X", control.value)
                    }
                error(
                    .invalidValue, at: valueNode, "header \(key.string) contains \(name)",
                    hint:
                        "a header value is one line of visible text (tabs allowed); check the variable it uses"
                )
                continue
            }
            let header = HTTPHeader(name: key.string, value: value)
            if header.isSensitive && !template.contains("${") {
                secrets.add(value, placeholder: "***")
                warn(
                    at: valueNode,
                    "header \(key.string) has a literal credential; use ${VAR} to keep it out of the file")
            }
            headers.append(header)
        }
        return headers
    }

    /// Characters RFC 9110 does not allow in a field value: C0 controls but tab, DEL and C1
    /// controls (a line break would inject a header; ESC would reach a terminal that echoes it).
    static func isForbiddenInHeaderValue(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\t") || (0x7F...0x9F).contains(scalar.value)
    }

    /// RFC 9110 `tchar`: the characters of a method or header name.
    static func isTokenCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII
            && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                || "!#$%&'*+-.^_`|~".unicodeScalars.contains(scalar))
    }
}
