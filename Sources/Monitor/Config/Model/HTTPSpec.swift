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
    /// A PEM bundle of CAs to trust instead of the system's (`ca_file`), absolute.
    public var caFile: String? = nil
    /// A PEM client certificate for mutual TLS (`client_cert`), absolute.
    public var clientCert: String? = nil
    /// The client certificate's PEM key (`client_key`), absolute.
    public var clientKey: String? = nil
    /// The key's passphrase (`key_password`), secrets substituted: never print it.
    public var keyPassword: String? = nil
    /// The proxy (`proxy`), credentials substituted: print it only through the endpoint's redactor.
    public var proxy: ProxySetting = .environment
    /// Hosts reached without the proxy (`no_proxy`), comma-separated.
    public var noProxy: String? = nil
    /// `host:port:address` pins (`resolve`).
    public var resolve: [String] = []
    /// The IP family to connect over (`ip_version`).
    public var ipVersion: IPVersion = .any
    /// Whether to ask for HTTP/3 (`http3`); only loads where libcurl supports it.
    public var http3: Bool = false

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

/// Where an endpoint's requests go through (`http.proxy`).
public enum ProxySetting: Sendable, Hashable {
    /// No `proxy` key: the `http_proxy`, `https_proxy`, `all_proxy` and `no_proxy` environment
    /// variables apply, as libcurl reads them.
    case environment
    /// `proxy: none`: direct, whatever the environment says.
    case none
    /// A proxy URL, `${VAR}` credentials substituted.
    case url(String)
}

/// The IP family an endpoint connects over (`http.ip_version`).
public enum IPVersion: String, Sendable, Hashable, CaseIterable {
    /// Whatever the name resolves to.
    case any
    /// IPv4 only.
    case v4 = "4"
    /// IPv6 only.
    case v6 = "6"
}
