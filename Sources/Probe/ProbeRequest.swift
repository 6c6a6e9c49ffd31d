/// One HTTP request to probe: what to send and the limits to apply.
///
/// Defaults are the safe ones: no redirects, TLS verified, 1 MiB body cap, HTTP/2 where the server
/// offers it over TLS.
public struct ProbeRequest: Sendable, Equatable {
    /// The request method (`GET`, `HEAD`, `POST`, …), sent as written.
    public var method: String
    /// An absolute `http://` or `https://` URL.
    public var url: String {
        didSet {
            origin = Origin.key(url)
            kind = ProbeKind(url: url)
        }
    }
    /// What the URL's scheme asks for: an HTTP request, or only a TCP (`tcp://`) or TCP + TLS
    /// (`tls://`) connection. Follows ``url``; part of what a reused handle must match.
    public private(set) var kind: ProbeKind
    /// The connection-pool key of ``url`` (scheme, host, port), worked out once per URL rather
    /// than per request: the prober's admission queue needs it for every request, and parsing it
    /// there cost 4 % of ethotop's CPU at 10,000 endpoints.
    private(set) var origin: Substring
    /// Extra request headers, sent in order after libcurl's own.
    public var headers: [ProbeHeader]
    /// A request body, or `nil` for none.
    public var body: [UInt8]?
    /// Limit for DNS + TCP connect + TLS handshake (`CURLOPT_CONNECTTIMEOUT_MS`).
    public var connectTimeout: Duration
    /// Limit for the whole transfer once admitted (`CURLOPT_TIMEOUT_MS`); queueing in the prober's own
    /// admission queue is not counted (see ``ProberConfiguration/maxConnections``).
    public var timeout: Duration
    /// Most body bytes read; a longer body fails with `.bodyTooLarge`. Enforced in the write callback,
    /// because `CURLOPT_MAXFILESIZE` does not stop a body of unknown length in libcurl 7.88.
    public var maxBodyBytes: Int
    /// Whether to follow redirects (at most ``maxRedirects``). The ``Prober`` follows them itself,
    /// hop by hop, so that it can apply ``originBoundHeaders``, ``originBoundBody`` and
    /// ``allowInsecureRedirect`` (see docs/PROBE.md, "Redirects").
    public var followRedirects: Bool
    /// Most redirects followed when ``followRedirects`` is on.
    public var maxRedirects: Int
    /// Header names (lower case) sent only to the origin (scheme, host, port) of ``url``: dropped on
    /// a redirect to any other origin. The Monitor lists every header that carries a secret.
    public var originBoundHeaders: Set<String>
    /// Whether the body may only go to ``url``'s origin: a redirect that would resend it elsewhere
    /// (307, 308) fails with `.redirectRefused` instead.
    public var originBoundBody: Bool
    /// Whether a redirect from https to http may be followed; by default it fails with
    /// `.redirectRefused`.
    public var allowInsecureRedirect: Bool
    /// Whether to verify the server's certificate and host name.
    public var tlsVerify: Bool
    /// Which HTTP version to ask for.
    public var httpVersion: HTTPVersionPreference
    /// The `User-Agent` header.
    public var userAgent: String
    /// A PEM file of CA certificates to trust instead of the system bundle (`CURLOPT_CAINFO`), or
    /// `nil` for the system's. Lets a private CA be trusted without turning verification off, so
    /// that an expired or misnamed certificate from that CA still fails.
    public var caFile: String?
    /// Client certificate, proxy, address pins and IP family.
    public var transport: ProbeTransport

    /// Creates a request; only the URL is required.
    public init(
        method: String = "GET",
        url: String,
        headers: [ProbeHeader] = [],
        body: [UInt8]? = nil,
        connectTimeout: Duration = .seconds(5),
        timeout: Duration = .seconds(10),
        maxBodyBytes: Int = 1 << 20,
        followRedirects: Bool = false,
        maxRedirects: Int = 5,
        originBoundHeaders: Set<String> = [],
        originBoundBody: Bool = false,
        allowInsecureRedirect: Bool = false,
        tlsVerify: Bool = true,
        httpVersion: HTTPVersionPreference = .http2WhereOffered,
        userAgent: String = ProbeModule.userAgent,
        caFile: String? = nil,
        transport: ProbeTransport = ProbeTransport()
    ) {
        self.method = method
        self.url = url
        self.origin = Origin.key(url)
        self.kind = ProbeKind(url: url)
        self.headers = headers
        self.body = body
        self.connectTimeout = connectTimeout
        self.timeout = timeout
        self.maxBodyBytes = max(0, maxBodyBytes)
        self.followRedirects = followRedirects
        self.maxRedirects = max(0, maxRedirects)
        self.originBoundHeaders = Set(originBoundHeaders.map { $0.lowercased() })
        self.originBoundBody = originBoundBody
        self.allowInsecureRedirect = allowInsecureRedirect
        self.tlsVerify = tlsVerify
        self.httpVersion = httpVersion
        self.userAgent = userAgent
        self.caFile = caFile
        self.transport = transport
    }
}

extension ProbeRequest {
    /// Whether `other` is this request but for its URL: every option libcurl is given, compared
    /// field by field (the URL's cached origin follows the URL). A handle configured for `other`
    /// then only needs its URL set.
    ///
    /// Keep in step with the stored properties: `ProbeRequestReuseTests` fails when one is added.
    func differsAtMostInURL(from other: ProbeRequest) -> Bool {
        method == other.method && headers == other.headers && body == other.body
            && connectTimeout == other.connectTimeout && timeout == other.timeout
            && maxBodyBytes == other.maxBodyBytes && followRedirects == other.followRedirects
            && maxRedirects == other.maxRedirects && originBoundHeaders == other.originBoundHeaders
            && originBoundBody == other.originBoundBody
            && allowInsecureRedirect == other.allowInsecureRedirect
            && tlsVerify == other.tlsVerify
            && httpVersion == other.httpVersion && userAgent == other.userAgent && caFile == other.caFile
            && transport == other.transport && kind == other.kind
    }
}

/// Which HTTP version a request asks for.
public enum HTTPVersionPreference: Sendable, Equatable {
    /// HTTP/2 when the TLS server offers it by ALPN, HTTP/1.1 otherwise (`CURL_HTTP_VERSION_2TLS`).
    case http2WhereOffered
    /// HTTP/1.1 only.
    case http1_1
    /// HTTP/2 always: by ALPN over TLS, prior knowledge over cleartext (`CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE`).
    case http2
    /// HTTP/3 over QUIC (`CURL_HTTP_VERSION_3`), falling back to older versions as libcurl does;
    /// only where ``ProbeModule/supportsHTTP3``.
    case http3
}

/// One request header.
public struct ProbeHeader: Sendable, Hashable {
    /// The header name, e.g. `Authorization`.
    public var name: String
    /// The header value, sent as written.
    public var value: String

    /// Creates a header.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// What a probe does, chosen by its URL's scheme.
public enum ProbeKind: Sendable, Equatable {
    /// `http://` and `https://`: an HTTP request.
    case http
    /// `tcp://host:port`: a TCP connection is opened and closed (libcurl's `CURLOPT_CONNECT_ONLY`).
    case tcp
    /// `tls://host:port`: a TCP connection and a verified TLS handshake, nothing sent after it.
    case tls

    /// The kind for `url`'s scheme (anything but `tcp://` and `tls://` is HTTP).
    public init(url: String) {
        if Self.hasScheme(url, "tcp://") {
            self = .tcp
        } else if Self.hasScheme(url, "tls://") {
            self = .tls
        } else {
            self = .http
        }
    }

    /// The URL libcurl is given: connect-only checks use `http://` (no TLS) or `https://` (TLS)
    /// with the same authority, which is how libcurl knows whether to handshake.
    func curlURL(_ url: String) -> String {
        switch self {
        case .http: url
        case .tcp: "http://" + url.dropFirst("tcp://".count)
        case .tls: "https://" + url.dropFirst("tls://".count)
        }
    }

    private static func hasScheme(_ url: String, _ scheme: String) -> Bool {
        url.utf8.count >= scheme.utf8.count
            && url.utf8.prefix(scheme.utf8.count).elementsEqual(scheme.utf8, by: { $0 | 0x20 == $1 })
    }
}
