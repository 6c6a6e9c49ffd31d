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

    /// Whether the attempt met every expectation.
    var succeeded: Bool { errorKind == nil }

    /// Whether the attempt was sent (a rate-limit, breaker or pool rejection never leaves the engine).
    var reachedNetwork: Bool { !(errorKind?.isLocalRejection ?? false) }

    /// Judges a completed probe.
    init(result: ProbeResult, expect: ExpectSpec, bodyPattern: BodyPattern?) {
        status = result.status
        retryAfter = result.retryAfter
        latency = .microseconds(result.timings.totalMicros)
        phases = PhaseTimings(result.timings)
        if !expect.accepts(status: result.status) {
            errorKind = .status
            let reason = TextSanitizer.sanitize(result.reasonPhrase, maxLength: 80)
            message = "HTTP \(result.status)\(reason.isEmpty ? "" : " " + reason)"
        } else if let bodyPattern, !bodyPattern.matches(result.bodyPrefix) {
            errorKind = .bodyMismatch
            message = "body does not \(bodyPattern.summary)"
        } else if let maxLatency = expect.maxLatency, latency > maxLatency {
            errorKind = .slow
            message =
                "took \(Self.milliseconds(latency)) ms > max_latency \(Self.milliseconds(maxLatency)) ms"
        } else {
            errorKind = nil
            message = ""
        }
    }

    /// Judges a failed probe.
    init(error: ProbeError) {
        status = nil
        retryAfter = nil
        latency = .microseconds(error.timings.totalMicros)
        phases = PhaseTimings(error.timings)
        errorKind = ErrorKind(error.kind)
        message = TextSanitizer.sanitize(error.description, maxLength: 240)
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
        case .tls, .bodyMismatch, .bodyTooLarge, .slow, .circuitOpen, .rateLimited, .poolExhausted, .other:
            return .doNotRetry
        }
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
        case .overloaded, .poolWaitTimeout: self = .poolExhausted
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
