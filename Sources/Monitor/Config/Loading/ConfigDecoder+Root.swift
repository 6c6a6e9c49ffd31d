import Yams

/// The top level: `refresh`, `event_log`, `defaults`, `rate_limits`, `endpoints`.
extension ConfigDecoder {
    /// Decodes the whole document. Returns nil when errors were recorded.
    func decodeRoot(_ root: Node?) -> MonitorConfig? {
        guard let root, !Self.isNull(root) else {
            error(
                .missingKey, line: 1, column: 1, "the config is empty",
                hint: "a config needs at least: endpoints: [{ name: api, url: \"https://host/health\" }]")
            return nil
        }
        checkDuplicateKeys(root)
        if exhausted { return nil }
        guard let fields = fields(root, .root, what: "the config") else { return nil }

        var config = MonitorConfig(sourcePath: file)
        if let refresh = duration(fields, "refresh", min: .milliseconds(20), max: .seconds(10)) {
            config.refresh = refresh
        }
        if let size = int(fields, "event_log", in: 10...1_000_000) { config.eventLogSize = size }
        if let node = fields["history"] { config.history = decodeHistory(node) }
        config.defaults = decodeDefaults(fields["defaults"])
        config.serve = decodeServe(fields["serve"])

        let (rateLimits, declared) = decodeRateLimits(fields["rate_limits"])
        config.rateLimits = Dictionary(
            rateLimits.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        config.rateLimitOrder = rateLimits.map(\.name)

        guard let endpointsNode = fields["endpoints"] else {
            error(
                .missingKey, at: root, "the config has no endpoints",
                hint: "add endpoints: with at least one { name: …, url: … }")
            return errors.isEmpty ? config : nil
        }
        guard case .sequence(let sequence) = endpointsNode else {
            error(
                .wrongType, at: endpointsNode,
                "endpoints must be a list, not \(Self.describe(endpointsNode))",
                hint: "start each endpoint with \"- name: …\"")
            return nil
        }
        if sequence.isEmpty {
            error(
                .missingKey, at: endpointsNode, "endpoints is empty",
                hint: "add at least one { name: …, url: … }")
        }
        var firstByName: [String: Node] = [:]
        for item in sequence {
            guard !exhausted else { return nil }
            guard
                let (endpoint, nameNode) = decodeEndpoint(
                    item, defaults: fields["defaults"], rateLimits: declared)
            else { continue }
            if let earlier = firstByName[endpoint.name] {
                error(
                    .duplicateName, at: nameNode,
                    "duplicate endpoint name \(ValueText.quoted(endpoint.name))",
                    hint: "it is already used at line \(earlier.mark?.line ?? 0); names must be unique")
                continue
            }
            firstByName[endpoint.name] = nameNode
            config.endpoints.append(endpoint)
        }
        let used = Set(config.endpoints.compactMap(\.rateLimit))
        if let rateLimitsNode = fields["rate_limits"], case .mapping(let mapping) = rateLimitsNode {
            for (key, _) in mapping {
                if let name = key.scalar?.string, config.rateLimits[name] != nil, !used.contains(name) {
                    warn(at: key, "rate limit \(ValueText.quoted(name)) is not used by any endpoint")
                }
            }
        }
        config.redactor = redactor
        return errors.isEmpty ? config : nil
    }

    /// `serve:`: the listener's bounds (each key optional).
    private func decodeServe(_ node: Node?) -> ServeSpec {
        var spec = ServeSpec()
        guard let node, !Self.isNull(node), let fields = fields(node, .serve) else { return spec }
        spec.maxConnections = int(fields, "max_connections", in: 1...100_000)
        spec.idleTimeout = duration(fields, "idle_timeout", min: .milliseconds(100), max: .seconds(86_400))
        return spec
    }

    /// `history: { file, retention, bucket }`.
    private func decodeHistory(_ node: Node) -> HistorySpec {
        var spec = HistorySpec()
        guard !Self.isNull(node), let fields = fields(node, .history, what: "history") else { return spec }
        spec.file = string(fields, "file")
        if let retention = duration(fields, "retention", min: .seconds(3_600), max: .seconds(366 * 86_400)) {
            spec.retention = retention
        }
        if let bucket = duration(fields, "bucket", min: .seconds(1), max: .seconds(60)) {
            if bucket.components.attoseconds == 0, 60 % bucket.components.seconds == 0 {
                spec.bucket = bucket
            } else {
                error(
                    .invalidValue, at: fields["bucket"], "history bucket must divide a minute evenly",
                    hint: "use 5s, 10s, 15s, 20s, 30s or 60s")
            }
        }
        return spec
    }

    /// The valid rate limits, and the names of all declared ones (valid or not), so that an
    /// endpoint naming a broken limiter is not also told that it does not exist.
    private func decodeRateLimits(_ node: Node?) -> (limits: [RateLimitSpec], declared: [String]) {
        guard let node, let pairs = pairs(node, what: "rate_limits") else { return ([], []) }
        var limits: [RateLimitSpec] = []
        var declared: [String] = []
        for (keyNode, value) in pairs {
            guard case .scalar(let key) = keyNode, !key.string.isEmpty,
                !key.string.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
            else {
                error(
                    .wrongType, at: keyNode, "a rate limit's name must be plain text",
                    hint: "e.g. github: { calls: 10, period: 1s }")
                continue
            }
            let name = key.string
            declared.append(name)
            guard let fields = fields(value, .rateLimit, what: "rate limit \(ValueText.quoted(name))") else {
                continue
            }
            let calls = int(fields, "calls", in: 1...1_000_000)
            let period = duration(fields, "period", min: .milliseconds(1), max: .seconds(86_400))
            for (required, present) in [
                ("calls", fields["calls"] != nil), ("period", fields["period"] != nil),
            ]
            where !present {
                error(
                    .missingKey, at: value, "rate limit \(ValueText.quoted(name)) has no \(required)",
                    hint: "write e.g. \(name): { calls: 10, period: 1s }")
            }
            var spec = RateLimitSpec(name: name, calls: calls ?? 1, period: period ?? .seconds(1))
            spec.burst = int(
                fields, "burst", in: 1...1_000_000, hint: "the most permits saved up after an idle spell")
            if let maxQueue = int(fields, "max_queue", in: 0...100_000) { spec.maxQueue = maxQueue }
            if let maxWait = duration(fields, "max_wait", max: .seconds(3_600), allowZero: true) {
                spec.maxWait = maxWait
            }
            if calls != nil && period != nil { limits.append(spec) }
        }
        return (limits, declared)
    }
}
