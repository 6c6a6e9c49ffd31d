/// What a completed probe saw: the response and how long each phase took.
///
/// A result means an HTTP response arrived, whatever its status: a 503 is a result, not an error.
/// Failures to get a response at all are thrown as ``ProbeError``.
public struct ProbeResult: Sendable, Equatable {
    /// The HTTP status code of the last response (after redirects, when followed).
    public var status: Int
    /// The reason phrase as the server sent it, unsanitised (empty for HTTP/2, which has none).
    /// It may hold terminal escape sequences: the Monitor sanitises before display.
    public var reasonPhrase: String
    /// The HTTP version of the last response.
    public var httpVersion: HTTPVersion
    /// Body bytes received (never more than the request's `maxBodyBytes`).
    public var bytes: Int
    /// The first bytes of the body (at most ``ProbeResult/bodyPrefixLimit``), for expectation checks.
    public var bodyPrefix: [UInt8]
    /// The `Retry-After` header as a delay, when present and parseable: delay-seconds, or an HTTP-date
    /// converted to a delay from when the response arrived (never negative).
    public var retryAfter: Duration?
    /// Phase timings from libcurl.
    public var timings: PhaseTimings
    /// Whether the transfer reused a pooled connection (libcurl opened no new connection for it).
    public var connectionReused: Bool
    /// Redirects followed.
    public var redirectCount: Int
    /// Where a 3xx response points, resolved against the request's URL (libcurl's
    /// `CURLINFO_REDIRECT_URL`); nil for other responses or a 3xx without a usable `Location`.
    public var redirectURL: String?
    /// The server's leaf certificate, when the request asked for it
    /// (``ProbeTransport/readsCertificate``) and this transfer made a new TLS connection.
    public var certificate: PeerCertificate?

    /// Most body bytes kept in ``bodyPrefix``.
    public static let bodyPrefixLimit = 4096

    /// Creates a result.
    public init(
        status: Int, reasonPhrase: String = "", httpVersion: HTTPVersion = .http1_1, bytes: Int = 0,
        bodyPrefix: [UInt8] = [], retryAfter: Duration? = nil, timings: PhaseTimings = PhaseTimings(),
        connectionReused: Bool = false, redirectCount: Int = 0, redirectURL: String? = nil,
        certificate: PeerCertificate? = nil
    ) {
        self.status = status
        self.reasonPhrase = reasonPhrase
        self.httpVersion = httpVersion
        self.bytes = bytes
        self.bodyPrefix = bodyPrefix
        self.retryAfter = retryAfter
        self.timings = timings
        self.connectionReused = connectionReused
        self.redirectCount = redirectCount
        self.redirectURL = redirectURL
        self.certificate = certificate
    }
}

/// The HTTP version a response used.
public enum HTTPVersion: String, Sendable, Equatable, CustomStringConvertible {
    /// HTTP/1.0.
    case http1_0 = "HTTP/1.0"
    /// HTTP/1.1.
    case http1_1 = "HTTP/1.1"
    /// HTTP/2.
    case http2 = "HTTP/2"
    /// HTTP/3.
    case http3 = "HTTP/3"
    /// libcurl did not say (no response).
    case unknown = "HTTP/?"

    /// The version as written on the wire, e.g. `HTTP/1.1`.
    public var description: String { rawValue }
}
