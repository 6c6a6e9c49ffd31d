import Foundation
import Yams

/// Readers for the policy mappings: `expect`, `breaker`, `retry`, `http`.
///
/// `checks` switches on the cross-key validation ("failure_rate needs a window"); it is off when
/// `defaults:` is decoded on its own, since an endpoint may supply the missing half.
extension ConfigDecoder {
    func decodeExpect(_ node: Node?) -> ExpectSpec {
        var spec = ExpectSpec()
        guard let node, !Self.isNull(node), let fields = fields(node, .expect) else { return spec }
        if let statusNode = fields["status"] {
            let items: [Node]
            if case .sequence(let sequence) = statusNode {
                items = Array(sequence)
            } else {
                items = [statusNode]
            }
            var ranges: [StatusRange] = []
            for item in items {
                guard let text = scalarText(item, key: "status", expected: "a code or range such as 200-299")
                else {
                    continue
                }
                do {
                    ranges.append(try StatusRange.parse(text))
                } catch {
                    self.error(.invalidValue, at: item, "status: \(error.message)", hint: error.hint)
                }
            }
            if items.isEmpty {
                error(
                    .unreachable, at: statusNode, "status is an empty list: no response could succeed",
                    hint: "e.g. status: [\"200-299\"]")
            } else if !ranges.isEmpty {
                spec.status = ranges
            }
        }
        spec.bodyContains = string(fields, "body_contains", printable: false)
        if let pattern = string(fields, "body_regex", printable: false) {
            do {
                _ = try NSRegularExpression(pattern: pattern)
                spec.bodyRegex = pattern
            } catch {
                self.error(
                    .invalidValue, at: fields["body_regex"], "body_regex is not a valid regular expression",
                    hint: "ICU syntax, as NSRegularExpression; quote it in single quotes to keep backslashes")
            }
        }
        spec.maxLatency = duration(fields, "max_latency", max: .seconds(3_600))
        if let node = fields["json"] { spec.json = decodeJSONAssertions(node) }
        spec.certValidFor = certificateWindow(fields)
        return spec
    }

    func decodeBreaker(_ node: Node?, checks: Bool) -> BreakerSpec {
        var spec = BreakerSpec()
        guard let node, !Self.isNull(node), let fields = fields(node, .breaker) else { return spec }
        if let value = int(
            fields, "failure_threshold", in: 0...1_000_000,
            hint: "0 switches the consecutive-failure rule off")
        {
            spec.failureThreshold = value
        }
        spec.failureRate = percent(fields, "failure_rate", allowZero: false)
        if let windowNode = fields["window"],
            let text = scalarText(windowNode, key: "window", expected: "a count or a duration")
        {
            if let count = Int(text.replacingOccurrences(of: "_", with: "")) {
                if (1...100_000).contains(count) {
                    spec.window = .count(count)
                } else {
                    error(
                        .invalidValue, at: windowNode,
                        "window must be between 1 and 100000 calls, not \(count)")
                }
            } else {
                spec.window = duration(fields, "window", min: .seconds(1), max: .seconds(86_400)).map {
                    .duration($0)
                }
            }
        }
        if let value = int(fields, "minimum_calls", in: 1...100_000) {
            spec.minimumCalls = value
        } else if case .count(let count) = spec.window {
            // Unset: the default (10) but never more than a count window the user chose.
            spec.minimumCalls = min(spec.minimumCalls, count)
        }
        spec.slowCall = duration(fields, "slow_call", max: .seconds(3_600))
        spec.slowCallRate = percent(fields, "slow_call_rate", allowZero: false)
        if let value = duration(fields, "recovery_timeout", min: .milliseconds(10), max: .seconds(86_400)) {
            spec.recoveryTimeout = value
        }
        spec.recoveryBackoff = decodeRecoveryBackoff(fields["recovery_backoff"])
        let halfOpenCalls = int(fields, "half_open_calls", in: 0...1_000)
        if let halfOpenCalls {
            spec.halfOpenCalls = halfOpenCalls
            spec.halfOpenSuccesses = halfOpenCalls
        }
        let halfOpenSuccesses = int(fields, "half_open_successes", in: 0...1_000)
        if let halfOpenSuccesses { spec.halfOpenSuccesses = halfOpenSuccesses }
        if let recordNode = fields["record"] { spec.record = decodeRecord(recordNode) ?? spec.record }
        if checks { checkBreaker(spec, fields) }
        return spec
    }

    private func decodeRecoveryBackoff(_ node: Node?) -> BreakerSpec.RecoveryBackoff? {
        guard let node else { return nil }
        if case .scalar(let scalar) = node {
            if ["off", "none"].contains(scalar.string.lowercased()) { return nil }
            let wrapper = Fields(node: node, section: .recoveryBackoff, entries: [("factor", node, node)])
            return number(wrapper, "factor", in: 1...100).map { BreakerSpec.RecoveryBackoff(factor: $0) }
        }
        guard let fields = fields(node, .recoveryBackoff) else { return nil }
        var backoff = BreakerSpec.RecoveryBackoff()
        if let factor = number(fields, "factor", in: 1...100) { backoff.factor = factor }
        if let max = duration(fields, "max", min: .seconds(1), max: .seconds(86_400)) { backoff.max = max }
        return backoff
    }

    private func decodeRecord(_ node: Node) -> [OutcomeKind]? {
        let items: [Node]
        if case .sequence(let sequence) = node { items = Array(sequence) } else { items = [node] }
        var kinds: [OutcomeKind] = []
        var valid = true
        let names = OutcomeKind.allCases.map(\.rawValue)
        for item in items {
            guard let text = scalarText(item, key: "record", expected: "a list of failure kinds") else {
                valid = false
                continue
            }
            if text == "all" {
                kinds += OutcomeKind.allCases
            } else if let kind = OutcomeKind(rawValue: text) {
                kinds.append(kind)
            } else {
                valid = false
                let near = Suggestion.closest(to: text, in: names + ["all"])
                error(
                    .invalidValue, at: item, "unknown failure kind \(ValueText.quoted(text)) in record",
                    hint: near.map { "did you mean \"\($0)\"?" } ?? "kinds: all, "
                        + names.joined(separator: ", "))
            }
        }
        var seen = Set<OutcomeKind>()
        return valid ? kinds.filter { seen.insert($0).inserted } : nil
    }

    /// Combinations under which the breaker could never open, never evaluate a rate, or never close.
    private func checkBreaker(_ spec: BreakerSpec, _ fields: Fields) {
        if spec.failureRate != nil && spec.window == nil {
            error(
                .unreachable, at: fields.position("failure_rate"),
                "failure_rate needs a window to be measured over",
                hint: "add window: 20 (the last 20 calls) or window: 60s (the last minute)")
        }
        if spec.slowCallRate != nil {
            if spec.slowCall == nil {
                error(
                    .unreachable, at: fields.position("slow_call_rate"),
                    "slow_call_rate needs slow_call (what counts as slow)",
                    hint: "add slow_call: 1s")
            }
            if spec.window == nil {
                error(
                    .unreachable, at: fields.position("slow_call_rate"),
                    "slow_call_rate needs a window to be measured over",
                    hint: "add window: 20 or window: 60s")
            }
        } else if spec.slowCall != nil {
            warn(at: fields.position("slow_call"), "slow_call has no effect without slow_call_rate")
        }
        if case .count(let count) = spec.window, spec.minimumCalls > count,
            spec.failureRate != nil || spec.slowCallRate != nil
        {
            error(
                .unreachable, at: fields.position("minimum_calls"),
                "minimum_calls (\(spec.minimumCalls)) is larger than the window (\(count) calls): the rate is never judged",
                hint: "make minimum_calls at most \(count)")
        }
        if spec.halfOpenCalls == 0 {
            error(
                .unreachable, at: fields.position("half_open_calls"),
                "half_open_calls is 0: an open breaker could never close",
                hint: "allow at least one trial call: half_open_calls: 1")
        } else if spec.halfOpenSuccesses == 0 || spec.halfOpenSuccesses > spec.halfOpenCalls {
            error(
                .unreachable, at: fields.position("half_open_successes"),
                "half_open_successes must be between 1 and half_open_calls (\(spec.halfOpenCalls)), not \(spec.halfOpenSuccesses)",
                hint: "a breaker needing more successes than trial calls could never close")
        }
        let failuresCanTrip = (spec.failureThreshold > 0 || spec.failureRate != nil) && !spec.record.isEmpty
        if !failuresCanTrip && spec.slowCallRate == nil {
            let why =
                spec.record.isEmpty
                ? "record is empty" : "failure_threshold is 0 and there is no failure_rate"
            error(
                .unreachable, at: fields.position(spec.record.isEmpty ? "record" : "failure_threshold"),
                "the breaker can never open: \(why)",
                hint: "set failure_threshold: 5, or a failure_rate with a window")
        }
    }

    func decodeRetry(_ node: Node?, checks: Bool) -> RetrySpec {
        var spec = RetrySpec()
        guard let node, !Self.isNull(node), let fields = fields(node, .retry) else { return spec }
        if let value = int(fields, "max_tries", in: 1...100, hint: "1 means no retries") {
            spec.maxTries = value
        }
        if let value = duration(fields, "max_time", max: .seconds(86_400)) { spec.maxTime = value }
        if let value = choice(fields, "backoff", RetrySpec.Backoff.self) { spec.backoff = value }
        if let value = duration(fields, "base", max: .seconds(3_600), allowZero: true) { spec.base = value }
        if let value = duration(fields, "max_delay", max: .seconds(86_400), allowZero: true) {
            spec.maxDelay = value
        }
        if let value = number(fields, "factor", in: 1...100) { spec.factor = value }
        if let value = choice(fields, "jitter", RetrySpec.Jitter.self) { spec.jitter = value }
        if isOff(fields, "budget") {
            spec.budget = nil
        } else if let value = percent(fields, "budget") {
            spec.budget = value
            if value == 0 && checks && spec.maxTries > 1 {
                warn(at: fields["budget"], "budget 0% allows no retries; use max_tries: 1 to say so")
            }
        }
        if checks && spec.maxDelay < spec.base {
            error(
                .unreachable, at: fields.position("max_delay"),
                "max_delay (\(DurationParser.format(spec.maxDelay))) is shorter than base (\(DurationParser.format(spec.base)))",
                hint: "the delay starts at base and is capped at max_delay; make max_delay at least base")
        }
        return spec
    }

    func decodeHTTP(_ node: Node?, checks: Bool, secrets: inout Redactor) -> HTTPSpec {
        var spec = HTTPSpec()
        guard let node, !Self.isNull(node), let fields = fields(node, .http) else { return spec }
        if let value = int(fields, "max_connections", in: 1...10_000) { spec.maxConnections = value }
        if let value = int(
            fields, "max_connections_per_host", in: 1...10_000,
            hint: "the default is half of max_connections")
        {
            spec.maxConnectionsPerHost = value
        }
        if let value = int(fields, "max_keepalive_connections", in: 0...10_000) {
            spec.maxKeepaliveConnections = value
        }
        if let value = duration(fields, "keepalive_expiry", max: .seconds(86_400), allowZero: true) {
            spec.keepaliveExpiry = value
        }
        if let value = bool(fields, "http2") { spec.http2 = value }
        if let value = size(fields, "max_body", in: 0...(1 << 30)) { spec.maxBody = value }
        if let value = bool(fields, "follow_redirects") { spec.followRedirects = value }
        if let value = bool(fields, "allow_insecure_redirect") { spec.allowInsecureRedirect = value }
        if let value = bool(fields, "tls_verify") { spec.tlsVerify = value }
        decodeTransport(fields, into: &spec, secrets: &secrets)
        if checks && spec.clientKey != nil && spec.clientCert == nil {
            error(
                .unreachable, at: fields.position("client_key"), "client_key without client_cert",
                hint: "add client_cert: the certificate this key belongs to")
        }
        if checks && spec.keyPassword != nil && spec.clientCert == nil {
            warn(at: fields.position("key_password"), "key_password without client_cert is not used")
        }
        if checks && spec.maxKeepaliveConnections > spec.maxConnections {
            error(
                .unreachable, at: fields.position("max_keepalive_connections"),
                "max_keepalive_connections (\(spec.maxKeepaliveConnections)) is more than max_connections (\(spec.maxConnections))",
                hint: "idle connections are a subset of all connections")
        }
        if checks, let perHost = spec.maxConnectionsPerHost, perHost > spec.maxConnections {
            error(
                .unreachable, at: fields.position("max_connections_per_host"),
                "max_connections_per_host (\(perHost)) is more than max_connections (\(spec.maxConnections))",
                hint: "make it at most \(spec.maxConnections): one host's connections are part of the pool")
        }
        if checks && !spec.tlsVerify {
            warn(
                at: fields.position("tls_verify"),
                "tls_verify is false: certificates and host names are not checked")
        }
        return spec
    }
}
