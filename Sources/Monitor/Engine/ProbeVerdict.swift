import Foundation
import Probe
import Resilience

/// What one attempt came to, judged against the endpoint's expectations.
///
/// The single place where a libcurl outcome becomes an ``ErrorKind``, a breaker outcome and a
/// retry decision, so the three can never disagree.
struct ProbeVerdict: Sendable {
    /// The HTTP status, when a response arrived.
    var status: Int?
    /// Why the attempt failed, or `nil` when it met every expectation.
    var errorKind: ErrorKind?
    /// Detail for the operator, sanitised.
    var message: String
    /// Time from the start of the attempt to its end (the probe's own total when it has one).
    var latency: Duration
    /// The server's `Retry-After`, when it sent one.
    var retryAfter: Duration?
    /// libcurl's phase timings.
    var phases: PhaseTimings?
    /// The leaf certificate read on this attempt's new connection, if any.
    var certificate: PeerCertificate?

    /// Whether the attempt met every expectation.
    var succeeded: Bool { errorKind == nil }

    /// Whether the attempt was sent (a rate-limit, breaker or pool rejection never leaves the engine).
    var reachedNetwork: Bool { !(errorKind?.isLocalRejection ?? false) }

    /// Judges a completed probe.
    ///
    /// Every message passes through `redactor` (see ``Redactor/scrub(_:maxLength:)``): this and
    /// ``init(error:redactor:)`` are the only doors through which server- and libcurl-supplied
    /// text enters the model, so no output downstream can show a secret the server echoed.
    init(
        result: ProbeResult, expect: ExpectSpec, bodyPattern: BodyPattern?, json: JSONExpectation? = nil,
        redactor: Redactor, knownCertificate: PeerCertificate? = nil, now: Date = Date(),
        kind: ProbeKind = .http
    ) {
        certificate = result.certificate
        let leaf = result.certificate ?? knownCertificate
        // A tcp:// or tls:// check has no response: status, body and JSON expectations do not apply.
        let isHTTP = kind == .http
        status = isHTTP ? result.status : nil
        retryAfter = result.retryAfter
        latency = .microseconds(result.timings.totalMicros)
        phases = PhaseTimings(result.timings)
        if isHTTP && !expect.accepts(status: result.status) {
            errorKind = .status
            let reason = redactor.scrub(result.reasonPhrase, maxLength: 80)
            message = "HTTP \(result.status)\(reason.isEmpty ? "" : " " + reason)"
        } else if isHTTP, let bodyPattern, !bodyPattern.matches(result.bodyPrefix) {
            errorKind = .bodyMismatch
            message = redactor.scrub("body does not \(bodyPattern.summary)")
        } else if isHTTP, let json,
            let failure = json.failure(body: result.bodyPrefix, totalBytes: result.bytes)
        {
            // The actual value comes from the body, which may echo anything: sanitised, cut, redacted.
            errorKind = .jsonMismatch
            message = redactor.scrub(failure, maxLength: 240)
        } else if let validFor = expect.certValidFor, let leaf,
            Double(leaf.notAfter) - now.timeIntervalSince1970 < Double(validFor.components.seconds)
        {
            errorKind = .certExpiring
            let notAfter = Date(timeIntervalSince1970: TimeInterval(leaf.notAfter))
            let days = Int((notAfter.timeIntervalSince(now) / 86_400).rounded(.down))
            message =
                "certificate expires \(RFC3339.string(from: notAfter)) (\(days) days), "
                + "within cert_valid_for \(Self.days(validFor))"
        } else if let maxLatency = expect.maxLatency, latency > maxLatency {
            errorKind = .slow
            message =
                "took \(Self.milliseconds(latency)) ms > max_latency \(Self.milliseconds(maxLatency)) ms"
        } else {
            errorKind = nil
            message = ""
        }
    }

    /// Judges a failed probe; libcurl's message passes through `redactor`.
    init(error: ProbeError, redactor: Redactor) {
        status = nil
        retryAfter = nil
        latency = .microseconds(error.timings.totalMicros)
        phases = PhaseTimings(error.timings)
        errorKind = ErrorKind(error.kind)
        message = redactor.scrub(error.description, maxLength: 240)
    }

    /// A call the resilience pipeline refused before it reached the network.
    init(rejection kind: ErrorKind, message: String) {
        status = nil
        retryAfter = nil
        latency = .zero
        phases = nil
        errorKind = kind
        self.message = message
    }

    /// How the breaker should count this attempt, given the kinds it records (the seed's
    /// `expected_exceptions`): unrecorded failures are ignored, neither success nor failure.
    func breakerOutcome(_ spec: BreakerSpec) -> CallOutcome {
        guard let errorKind else { return .success }
        guard let kind = OutcomeKind(errorKind, status: status) else { return .ignored }
        return spec.records(kind) ? .failure : .ignored
    }

    /// Whether another attempt could help: transient network trouble, 5xx, 408 and 429 (after the
    /// server's Retry-After) are retried; a wrong body, a 4xx or a TLS failure will not change.
    var retryDecision: RetryDecision {
        switch errorKind {
        case nil: return .doNotRetry
        case .timeout, .connectRefused, .connectTimeout, .dns, .reset, .protocol: return .retry
        case .status:
            guard let status else { return .doNotRetry }
            if status == 429 || status == 503 || status == 408 {
                return retryAfter.map { .retryAfter($0) } ?? .retry
            }
            return (500...599).contains(status) ? .retry : .doNotRetry
        case .tls, .bodyMismatch, .jsonMismatch, .certExpiring, .bodyTooLarge, .headerTooLarge,
            .redirectRefused, .slow, .circuitOpen, .rateLimited, .poolExhausted, .descriptorsExhausted,
            .other:
            return .doNotRetry
        }
    }

    /// `14d` for whole days, else the duration as written in configs.
    private static func days(_ duration: Duration) -> String {
        let seconds = duration.components.seconds
        return seconds % 86_400 == 0 ? "\(seconds / 86_400)d" : DurationParser.format(duration)
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        Int(duration.milliseconds.rounded())
    }
}

extension ErrorKind {
    /// The snapshot's error kind for a probe failure.
    init(_ kind: ProbeError.Kind) {
        switch kind {
        case .dns: self = .dns
        case .connectRefused: self = .connectRefused
        case .connectTimeout: self = .connectTimeout
        case .tls: self = .tls
        case .timeout: self = .timeout
        case .connectionReset: self = .reset
        case .protocol: self = .protocol
        case .bodyTooLarge: self = .bodyTooLarge
        case .headerTooLarge: self = .headerTooLarge
        case .redirectRefused: self = .redirectRefused
        case .overloaded, .poolWaitTimeout: self = .poolExhausted
        case .descriptorsExhausted: self = .descriptorsExhausted
        case .cancelled, .other: self = .other
        }
    }
}

extension PhaseTimings {
    /// The snapshot's phase timings from the prober's.
    init(_ timings: Probe.PhaseTimings) {
        self.init(
            dnsMicros: timings.dnsMicros, connectMicros: timings.connectMicros, tlsMicros: timings.tlsMicros,
            serverWaitMicros: timings.serverWaitMicros, transferMicros: timings.transferMicros,
            totalMicros: timings.totalMicros)
    }
}
