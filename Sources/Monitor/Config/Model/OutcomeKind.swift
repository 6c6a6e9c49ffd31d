/// A kind of failed probe that a breaker may record, as named in `breaker.record`.
///
/// This is the seed's `expected_exceptions`, made typed: failures whose kind is not listed still
/// count in the request counters but neither trip nor heal the breaker (Resilience4j's "ignored").
public enum OutcomeKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// The whole probe timed out.
    case timeout
    /// The TCP connection was refused or timed out.
    case connect
    /// Name resolution failed.
    case dns
    /// The TLS handshake or certificate check failed.
    case tls
    /// The connection was reset or closed mid-response.
    case reset
    /// The server did not speak HTTP, or sent a header larger than libcurl accepts.
    case `protocol`
    /// An unexpected 4xx status.
    case status4xx = "status_4xx"
    /// An unexpected 5xx status.
    case status5xx = "status_5xx"
    /// An unexpected status outside 4xx and 5xx (e.g. a 3xx when redirects are not followed).
    case statusOther = "status_other"
    /// The body did not contain the expected text or match the expected pattern.
    case bodyMismatch = "body_mismatch"
    /// The JSON body did not meet an `expect.json` condition.
    case jsonMismatch = "json_mismatch"
    /// The certificate expires within `expect.cert_valid_for`.
    case certExpiring = "cert_expiring"
    /// The body was larger than `http.max_body`.
    case bodyTooLarge = "body_too_large"
    /// The probe was slower than `expect.max_latency`.
    case slow

    /// What `record` holds when the config does not say: transport failures and 5xx, the failures
    /// that mean "the service is unwell" rather than "the check is misconfigured".
    public static let defaultRecorded: [OutcomeKind] = [
        .timeout, .connect, .dns, .tls, .reset, .protocol, .status5xx,
    ]

    /// The outcome kind of a probe error, given the HTTP status when there was one.
    ///
    /// Rejections by the breaker, the rate limiter or the pool, a lack of file descriptors (and
    /// `.other`) have no outcome kind: they never touched the service, so the breaker must not
    /// record them.
    public init?(_ error: ErrorKind, status: Int?) {
        switch error {
        case .timeout: self = .timeout
        case .connectRefused, .connectTimeout: self = .connect
        case .dns: self = .dns
        case .tls: self = .tls
        case .reset: self = .reset
        case .protocol, .headerTooLarge: self = .protocol
        case .status:
            switch status ?? 0 {
            case 400...499: self = .status4xx
            case 500...599: self = .status5xx
            default: self = .statusOther
            }
        case .bodyMismatch: self = .bodyMismatch
        case .jsonMismatch: self = .jsonMismatch
        case .certExpiring: self = .certExpiring
        case .bodyTooLarge: self = .bodyTooLarge
        case .slow: self = .slow
        case .circuitOpen, .rateLimited, .poolExhausted, .redirectRefused, .descriptorsExhausted, .other:
            return nil
        }
    }
}
