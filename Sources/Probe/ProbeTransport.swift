import CCurl

/// How a request reaches its server, beyond the URL: client certificate, proxy, address pins and
/// IP family. Kept apart from ``ProbeRequest``'s HTTP fields because every one of them is a
/// libcurl connection option, and each is part of what a pooled handle must match to be reused.
public struct ProbeTransport: Sendable, Equatable {
    /// A PEM client certificate for mutual TLS (`CURLOPT_SSLCERT`), or `nil` for none.
    public var clientCertificate: String?
    /// The PEM private key of ``clientCertificate`` (`CURLOPT_SSLKEY`); `nil` when the key is in
    /// the certificate file.
    public var clientKey: String?
    /// The passphrase of an encrypted ``clientKey`` (`CURLOPT_KEYPASSWD`). A secret: never printed.
    public var keyPassword: String?
    /// Which proxy to use.
    public var proxy: ProbeProxy
    /// Hosts reached directly even when a proxy is set (`CURLOPT_NOPROXY`, comma-separated, as the
    /// `no_proxy` environment variable); `nil` leaves libcurl reading `no_proxy` itself.
    public var noProxy: String?
    /// `host:port:address` pins, as curl's `--resolve` (`CURLOPT_RESOLVE`). libcurl adds them to
    /// the DNS cache, which the prober shares between handles: a pin applies to every request to
    /// that host and port.
    public var resolve: [String]
    /// Which IP family to connect over (`CURLOPT_IPRESOLVE`).
    public var ipVersion: IPVersionPreference
    /// Whether to read the server's leaf certificate (`CURLOPT_CERTINFO`) into
    /// ``ProbeResult/certificate``. libcurl then formats the whole chain on every handshake (not
    /// on reused connections), so it is off unless asked for.
    public var readsCertificate: Bool

    /// Creates transport options; the defaults are libcurl's (environment proxy, any IP family).
    public init(
        clientCertificate: String? = nil, clientKey: String? = nil, keyPassword: String? = nil,
        proxy: ProbeProxy = .environment, noProxy: String? = nil, resolve: [String] = [],
        ipVersion: IPVersionPreference = .any, readsCertificate: Bool = false
    ) {
        self.clientCertificate = clientCertificate
        self.clientKey = clientKey
        self.keyPassword = keyPassword
        self.proxy = proxy
        self.noProxy = noProxy
        self.resolve = resolve
        self.ipVersion = ipVersion
        self.readsCertificate = readsCertificate
    }
}

/// The proxy a request goes through.
public enum ProbeProxy: Sendable, Equatable {
    /// libcurl's default: `http_proxy`, `https_proxy`, `all_proxy` and `no_proxy` from the
    /// environment, if set.
    case environment
    /// No proxy, whatever the environment says (`CURLOPT_PROXY` set to "").
    case none
    /// This proxy URL (`http://`, `https://`, `socks5h://`…), credentials included if any.
    case url(String)
}

/// Which IP family a request connects over.
public enum IPVersionPreference: String, Sendable, Equatable, CaseIterable {
    /// Whatever the name resolves to (`CURL_IPRESOLVE_WHATEVER`).
    case any
    /// IPv4 only (`CURL_IPRESOLVE_V4`).
    case v4 = "4"
    /// IPv6 only (`CURL_IPRESOLVE_V6`).
    case v6 = "6"
}

extension ProbeModule {
    /// Whether the libcurl at hand can speak HTTP/3 (`CURL_VERSION_HTTP3` in `curl_version_info`):
    /// Debian 12's libcurl 7.88 cannot, so `http3: true` is refused at config load there.
    public static let supportsHTTP3: Bool = ethotop_curl_supports_http3() != 0

    /// The libcurl version string, e.g. `7.88.1`, for messages about what it supports.
    public static let curlVersion = String(cString: ethotop_curl_version())
}
