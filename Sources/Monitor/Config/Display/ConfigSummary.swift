/// What `ethotop check` prints for a valid config: endpoints, groups, rate limits, warnings.
///
/// Built only from redacted forms (``EndpointConfig/displayURL``), so it never prints a secret.
public struct ConfigSummary: Sendable, Hashable, CustomStringConvertible {
    /// The config file.
    public var sourcePath: String
    /// One line per endpoint.
    public var endpointLines: [String]
    /// One line per group: name and endpoint count.
    public var groupLines: [String]
    /// One line per rate limit.
    public var rateLimitLines: [String]
    /// Warnings, as `FILE:LINE:COL: warning: …`.
    public var warningLines: [String]
    /// Endpoint count.
    public var endpointCount: Int

    /// Summarises `config`.
    public init(_ config: MonitorConfig) {
        typealias D = DurationParser
        sourcePath = config.sourcePath
        endpointCount = config.endpoints.count
        let nameWidth = min(24, config.endpoints.map(\.name.count).max() ?? 0)
        endpointLines = config.endpoints.map { endpoint in
            var parts = [
                endpoint.name.padding(
                    toLength: max(nameWidth, endpoint.name.count), withPad: " ", startingAt: 0),
                endpoint.method, endpoint.displayURL, "every \(D.format(endpoint.interval))",
            ]
            if let group = endpoint.group { parts.append("group \(group)") }
            if let rateLimit = endpoint.rateLimit { parts.append("rate_limit \(rateLimit)") }
            if let route = endpoint.proxyRoute(config.proxyEnvironment) { parts.append(route) }
            if !endpoint.http.tlsVerify { parts.append("\(EndpointConfig.warningMarker) tls_verify off") }
            return parts.joined(separator: "  ")
        }
        groupLines = config.groups.map { group in
            let count = config.endpoints.count { $0.group == group }
            return "\(group): \(count) endpoint\(count == 1 ? "" : "s")"
        }
        rateLimitLines = config.orderedRateLimits.map { limit in
            let users = config.endpoints.filter { $0.rateLimit == limit.name }.map(\.name)
            return "\(limit.name): \(limit.calls) per \(D.format(limit.period)), "
                + "burst \(limit.effectiveBurst), queue \(limit.maxQueue), "
                + "max wait \(D.format(limit.maxWait)); used by \(users.isEmpty ? "none" : users.joined(separator: ", "))"
        }
        warningLines = config.warnings.map { config.redactor.redact($0.description) }
    }

    /// The report: a header line, then sections.
    public var description: String {
        var lines = ["\(sourcePath): OK, \(endpointCount) endpoint\(endpointCount == 1 ? "" : "s")"]
        lines.append("endpoints:")
        lines += endpointLines.map { "  " + $0 }
        if !groupLines.isEmpty {
            lines.append("groups:")
            lines += groupLines.map { "  " + $0 }
        }
        if !rateLimitLines.isEmpty {
            lines.append("rate limits:")
            lines += rateLimitLines.map { "  " + $0 }
        }
        if !warningLines.isEmpty {
            lines.append("warnings:")
            lines += warningLines.map { "  " + $0 }
        }
        return lines.joined(separator: "\n")
    }
}
