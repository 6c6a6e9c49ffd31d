/// Transport settings for one endpoint (`http:`).
public struct HTTPSpec: Sendable, Hashable {
    /// Connections open at once (libcurl `CURLMOPT_MAX_TOTAL_CONNECTIONS`).
    public var maxConnections: Int
    /// Connections open at once to one origin (scheme, host, port), libcurl
    /// `CURLMOPT_MAX_HOST_CONNECTIONS`; `nil` means the default, half of ``maxConnections``
    /// (see ``effectiveMaxConnectionsPerHost``).
    public var maxConnectionsPerHost: Int?
    /// Idle connections kept for reuse (libcurl `CURLMOPT_MAXCONNECTS`).
    public var maxKeepaliveConnections: Int
    /// An idle connection older than this is not reused.
    public var keepaliveExpiry: Duration
    /// Whether to negotiate HTTP/2.
    public var http2: Bool
    /// Bytes of body read at most; a larger body is a `body_too_large` failure.
    public var maxBody: Int64
    /// Whether 3xx responses are followed.
    public var followRedirects: Bool
    /// Whether a redirect from https to http may be followed (`allow_insecure_redirect`).
    public var allowInsecureRedirect: Bool
    /// Whether TLS certificates and host names are verified. Off is flagged everywhere it is shown.
    public var tlsVerify: Bool

    /// Creates transport settings; the defaults are the issue's.
    public init(
        maxConnections: Int = 100, maxConnectionsPerHost: Int? = nil, maxKeepaliveConnections: Int = 10,
        keepaliveExpiry: Duration = .seconds(30),
        http2: Bool = true, maxBody: Int64 = 1 << 20, followRedirects: Bool = false, tlsVerify: Bool = true,
        allowInsecureRedirect: Bool = false
    ) {
        self.maxConnections = maxConnections
        self.maxConnectionsPerHost = maxConnectionsPerHost
        self.maxKeepaliveConnections = maxKeepaliveConnections
        self.keepaliveExpiry = keepaliveExpiry
        self.http2 = http2
        self.maxBody = maxBody
        self.followRedirects = followRedirects
        self.allowInsecureRedirect = allowInsecureRedirect
        self.tlsVerify = tlsVerify
    }

    /// The per-origin limit in force: ``maxConnectionsPerHost`` when set, else half of
    /// ``maxConnections`` (at least 1), so that a host whose endpoints all hang cannot take every
    /// connection and starve the others.
    public var effectiveMaxConnectionsPerHost: Int {
        maxConnectionsPerHost ?? max(1, maxConnections / 2)
    }
}
