/// The mappings a config file may contain, and the keys each accepts.
///
/// One table drives unknown-key detection, "did you mean" suggestions, the defaults merge and
/// docs/CONFIG.md, so they cannot disagree.
enum ConfigSection: String, CaseIterable, Sendable {
    case root
    case defaults
    case endpoint
    case expect
    case breaker
    case recoveryBackoff
    case retry
    case http
    case rateLimit
    case serve
    case history

    /// Accepted keys, in documentation order.
    var keys: [String] {
        switch self {
        case .root:
            return ["refresh", "event_log", "history", "defaults", "rate_limits", "endpoints", "serve"]
        case .defaults: return Self.policyKeys
        case .endpoint: return ["name", "url", "method", "body", "group", "rate_limit"] + Self.policyKeys
        case .expect:
            return ["status", "body_contains", "body_regex", "json", "max_latency", "cert_valid_for"]
        case .breaker:
            return [
                "failure_threshold", "failure_rate", "window", "minimum_calls", "slow_call", "slow_call_rate",
                "recovery_timeout", "recovery_backoff", "half_open_calls", "half_open_successes", "record",
            ]
        case .recoveryBackoff: return ["factor", "max"]
        case .retry:
            return ["max_tries", "max_time", "backoff", "base", "max_delay", "factor", "jitter", "budget"]
        case .http:
            return [
                "max_connections", "max_connections_per_host", "max_keepalive_connections",
                "keepalive_expiry", "http2", "max_body", "follow_redirects", "tls_verify",
                "allow_insecure_redirect", "ca_file", "client_cert", "client_key", "key_password", "proxy",
                "no_proxy", "resolve", "ip_version", "http3",
            ]
        case .rateLimit: return ["calls", "period", "burst", "max_queue", "max_wait"]
        case .serve: return ["max_connections", "idle_timeout"]
        case .history: return ["file", "retention", "bucket"]
        }
    }

    /// Keys valid both in `defaults:` and in an endpoint (the endpoint's value wins, mappings merge).
    static let policyKeys = [
        "interval", "timeout", "connect_timeout", "headers", "expect", "breaker", "retry", "http",
    ]

    /// How the section is named in messages.
    var label: String {
        switch self {
        case .root: return "the top level"
        case .defaults: return "defaults"
        case .endpoint: return "an endpoint"
        case .expect: return "expect"
        case .breaker: return "breaker"
        case .recoveryBackoff: return "recovery_backoff"
        case .retry: return "retry"
        case .http: return "http"
        case .rateLimit: return "a rate limit"
        case .serve: return "serve"
        case .history: return "history"
        }
    }

    /// The hint for an unknown `key`: a near miss in this section, or the section it belongs to.
    func hint(forUnknown key: String) -> String {
        if let near = Suggestion.closest(to: key, in: keys) { return "did you mean \"\(near)\"?" }
        let homes = Self.allCases.filter { $0 != self && $0.keys.contains(key) }
        if let home = homes.first(where: { $0 != .defaults }) ?? homes.first {
            return "\"\(key)\" belongs in \(home.label), not in \(label)"
        }
        return "valid keys here: " + keys.joined(separator: ", ")
    }
}

/// "Did you mean" by edit distance.
enum Suggestion {
    /// The candidate closest to `word` (case, `-`/`_` and small typos forgiven), if any is close.
    static func closest(to word: String, in candidates: [String]) -> String? {
        let normal = normalize(word)
        if let exact = candidates.first(where: { normalize($0) == normal }) { return exact }
        let limit = max(1, min(3, normal.count / 3))
        var best: (String, Int)?
        for candidate in candidates {
            let distance = levenshtein(normal, normalize(candidate), limit: limit)
            if distance <= limit, distance < (best?.1 ?? .max) { best = (candidate, distance) }
        }
        return best?.0
    }

    private static func normalize(_ word: String) -> [Character] {
        Array(word.lowercased().replacingOccurrences(of: "-", with: "_"))
    }

    /// Edit distance between `a` and `b`, or `limit + 1` once it must exceed `limit`.
    static func levenshtein(_ a: [Character], _ b: [Character], limit: Int) -> Int {
        if abs(a.count - b.count) > limit { return limit + 1 }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowMin = current[0]
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                rowMin = min(rowMin, current[j])
            }
            if rowMin > limit { return limit + 1 }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
