/// Printable forms of an endpoint, every one passed through its ``Redactor``.
extension EndpointConfig: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Prefix of a policy line that the dashboard should draw as a warning.
    public static let warningMarker = "!!"

    /// The URL safe to print: `${VAR}` values shown as `${VAR}`, userinfo passwords as `***`.
    public var displayURL: String { redactor.redact(url) }

    /// Whether certificate checks are off (for `EndpointSnapshot.tlsVerifyDisabled`).
    public var tlsVerifyDisabled: Bool { !http.tlsVerify }

    /// The effective policy as `key: value` lines for the dashboard's detail pane.
    ///
    /// Secrets are redacted; header values of credential-looking headers written literally are
    /// `***`; the body is summarised by size (it is free text that may hold anything). A line that
    /// needs the operator's attention (`tls_verify: false`) ends with ``warningMarker`` and a reason.
    public var policyLines: [String] {
        typealias D = DurationParser
        var lines: [String] = []
        func add(_ key: String, _ value: String) { lines.append("\(key): \(value)") }
        add("url", displayURL)
        add("method", method)
        for header in headers { add("headers.\(header.name)", redactor.redact(header.value)) }
        if let body { add("body", "\(body.utf8.count) bytes") }
        if let group { add("group", group) }
        if let rateLimit { add("rate_limit", rateLimit) }
        add("interval", D.format(interval))
        add("timeout", D.format(timeout))
        add("connect_timeout", D.format(connectTimeout))
        add("expect.status", expect.status.map(\.description).joined(separator: ", "))
        if let text = expect.bodyContains {
            add("expect.body_contains", ValueText.quoted(redactor.redact(text)))
        }
        if let regex = expect.bodyRegex { add("expect.body_regex", ValueText.quoted(redactor.redact(regex))) }
        for condition in expect.json { add("expect.json", redactor.redact(condition.text)) }
        if let validFor = expect.certValidFor {
            let seconds = validFor.components.seconds
            add("expect.cert_valid_for", seconds % 86_400 == 0 ? "\(seconds / 86_400)d" : D.format(validFor))
        }
        if let latency = expect.maxLatency { add("expect.max_latency", D.format(latency)) }
        add(
            "breaker.failure_threshold", breaker.failureThreshold == 0 ? "off" : "\(breaker.failureThreshold)"
        )
        if let rate = breaker.failureRate { add("breaker.failure_rate", PercentParser.format(rate)) }
        if let window = breaker.window { add("breaker.window", "\(window)") }
        if breaker.failureRate != nil || breaker.slowCallRate != nil {
            add("breaker.minimum_calls", "\(breaker.minimumCalls)")
        }
        if let slow = breaker.slowCall { add("breaker.slow_call", D.format(slow)) }
        if let rate = breaker.slowCallRate { add("breaker.slow_call_rate", PercentParser.format(rate)) }
        add("breaker.recovery_timeout", D.format(breaker.recoveryTimeout))
        if let backoff = breaker.recoveryBackoff {
            add(
                "breaker.recovery_backoff",
                "×\(PercentParser.formatNumber(backoff.factor)) up to \(D.format(backoff.max))")
        }
        add("breaker.half_open_calls", "\(breaker.halfOpenCalls)")
        if breaker.halfOpenSuccesses != breaker.halfOpenCalls {
            add("breaker.half_open_successes", "\(breaker.halfOpenSuccesses)")
        }
        add("breaker.record", breaker.record.map(\.rawValue).joined(separator: ", "))
        add("retry.max_tries", "\(retry.maxTries)")
        if retry.maxTries > 1 {
            add("retry.max_time", D.format(retry.maxTime))
            add("retry.backoff", retry.backoff.rawValue)
            add("retry.base", D.format(retry.base))
            add("retry.max_delay", D.format(retry.maxDelay))
            if retry.backoff == .exponential { add("retry.factor", PercentParser.formatNumber(retry.factor)) }
            add("retry.jitter", retry.jitter.rawValue)
            add("retry.budget", retry.budget.map(PercentParser.format) ?? "off")
        }
        add("http.max_connections", "\(http.maxConnections)")
        add("http.max_connections_per_host", "\(http.effectiveMaxConnectionsPerHost)")
        add("http.max_keepalive_connections", "\(http.maxKeepaliveConnections)")
        add("http.keepalive_expiry", D.format(http.keepaliveExpiry))
        add("http.http2", "\(http.http2)")
        add("http.max_body", SizeParser.format(http.maxBody))
        add("http.follow_redirects", "\(http.followRedirects)")
        if http.allowInsecureRedirect { add("http.allow_insecure_redirect", "true") }
        add(
            "http.tls_verify",
            http.tlsVerify
                ? "true" : "false  \(Self.warningMarker) certificates and host names are not checked")
        lines += transportPolicyLines
        return lines
    }

    /// The transport keys that are set, redacted (`key_password` is never shown, only that it is set).
    private var transportPolicyLines: [String] {
        var lines: [String] = []
        func add(_ key: String, _ value: String) { lines.append("http.\(key): \(value)") }
        if let caFile = http.caFile { add("ca_file", caFile) }
        if let cert = http.clientCert { add("client_cert", cert) }
        if let key = http.clientKey { add("client_key", key) }
        if http.keyPassword != nil { add("key_password", "***") }
        switch http.proxy {
        case .environment: break
        case .none: add("proxy", "none")
        case .url(let url): add("proxy", redactor.redact(url))
        }
        if let noProxy = http.noProxy { add("no_proxy", noProxy) }
        if !http.resolve.isEmpty { add("resolve", http.resolve.joined(separator: ", ")) }
        if http.ipVersion != .any { add("ip_version", http.ipVersion.rawValue) }
        if http.http3 { add("http3", "true") }
        return lines
    }

    /// `api GET https://host/health`: name, method and redacted URL.
    public var description: String { "\(name) \(method) \(displayURL)" }

    /// Same as ``description``: never the raw URL, headers or body.
    public var debugDescription: String { "EndpointConfig(\(description))" }

    /// A mirror of the redacted policy, so `dump(endpoint)` cannot leak a secret.
    public var customMirror: Mirror {
        Mirror(self, children: ["name": name, "displayURL": displayURL, "policy": policyLines])
    }
}

extension HTTPHeader: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// `Name: ***`: a header's value is never printed by itself (it may be a secret).
    public var description: String { "\(name): ***" }
    /// Same as ``description``.
    public var debugDescription: String { description }
    /// Name only.
    public var customMirror: Mirror { Mirror(self, children: ["name": name]) }
}

extension EndpointDefaults: CustomStringConvertible, CustomReflectable {
    /// The defaults' timing, never header values.
    public var description: String {
        "EndpointDefaults(interval: \(DurationParser.format(interval)), timeout: \(DurationParser.format(timeout)), "
            + "headers: \(headers.map(\.name)))"
    }
    /// A mirror without header values.
    public var customMirror: Mirror { Mirror(self, children: ["description": description]) }
}

extension MonitorConfig: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The ``ConfigSummary`` text: secrets redacted.
    public var description: String { ConfigSummary(self).description }
    /// Same as ``description``.
    public var debugDescription: String { description }
    /// A mirror of redacted endpoints only, so `dump(config)` cannot leak a secret.
    public var customMirror: Mirror {
        Mirror(self, children: ["sourcePath": sourcePath, "endpoints": endpoints, "warnings": warnings])
    }
}
