/// Why a probe got no HTTP response, typed so that callers never match on message text.
///
/// A struct of ``kind`` plus detail rather than a bare enum so that every case carries the same
/// extras for the detail pane: libcurl's own message (from `CURLOPT_ERRORBUFFER`), the raw
/// `CURLcode`, and the phase timings up to the failure (a timeout still tells where time went).
public struct ProbeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public var kind: Kind
    /// libcurl's error-buffer message (or the prober's own, for queue and cancellation errors).
    public var message: String
    /// The raw `CURLcode`, or 0 when libcurl was not involved (`.cancelled`, `.overloaded`).
    public var curlCode: Int32
    /// Timings up to the failure; zero when the transfer never started.
    public var timings: PhaseTimings
    /// Whether libcurl had the transfer; `false` for a probe cancelled or rejected while it waited
    /// in the prober's admission queue (so its server never saw it, and no timeout was running).
    public var transferStarted: Bool

    /// Creates an error.
    public init(
        _ kind: Kind, message: String = "", curlCode: Int32 = 0, timings: PhaseTimings = PhaseTimings(),
        transferStarted: Bool = true
    ) {
        self.kind = kind
        self.message = message
        self.curlCode = curlCode
        self.timings = timings
        self.transferStarted = transferStarted
    }

    /// `kind: message`, e.g. `connectRefused: Failed to connect to 127.0.0.1 port 9: Connection refused`.
    public var description: String { message.isEmpty ? "\(kind)" : "\(kind): \(message)" }

    /// The kinds of failure, one per way the Monitor reacts or the dashboard words it.
    public enum Kind: Sendable, Equatable, CustomStringConvertible {
        /// The host name did not resolve (`CURLE_COULDNT_RESOLVE_HOST`).
        case dns
        /// Nothing accepted the TCP connection: refused, unreachable (`CURLE_COULDNT_CONNECT`).
        case connectRefused
        /// The connect timeout expired before the connection (DNS + TCP + TLS) was up.
        case connectTimeout
        /// The TLS handshake or certificate check failed.
        case tls(TLSFailure)
        /// The request's total timeout expired; the phase says where the transfer was.
        case timeout(ProbePhase)
        /// The peer reset or closed the connection before a complete response.
        case connectionReset
        /// The server spoke something other than valid HTTP.
        case `protocol`
        /// The body exceeded the request's `maxBodyBytes`.
        case bodyTooLarge
        /// A response header exceeded libcurl's limit (100 KiB per header in libcurl 7.88, reported
        /// as `CURLE_OUT_OF_MEMORY`; `CURLE_TOO_LARGE` in libcurl 8.6 and later).
        case headerTooLarge
        /// A redirect was not followed because following it would break a rule of the request:
        /// https to http, or a body that holds a secret resent to another origin.
        case redirectRefused
        /// The calling task was cancelled, or the prober shut down.
        case cancelled
        /// The admission queue was full (``ProberConfiguration/maxQueuedRequests``).
        case overloaded
        /// No file descriptor was left for the connection's socket (`EMFILE`, `ENFILE`): the
        /// process or the system is at its limit, so the request never left this host.
        case descriptorsExhausted
        /// No connection became free within the caller's `queueTimeout`: the pool, or this
        /// origin's share of it, stayed full. The server never saw the request.
        case poolWaitTimeout
        /// Any other libcurl failure, with its `CURLcode`.
        case other(curlCode: Int32)

        /// A short stable name, e.g. `timeout(serverWait)`, for logs and metrics labels.
        public var description: String {
            switch self {
            case .dns: "dns"
            case .connectRefused: "connectRefused"
            case .connectTimeout: "connectTimeout"
            case .tls(let reason): "tls(\(reason))"
            case .timeout(let phase): "timeout(\(phase))"
            case .connectionReset: "connectionReset"
            case .protocol: "protocol"
            case .bodyTooLarge: "bodyTooLarge"
            case .headerTooLarge: "headerTooLarge"
            case .redirectRefused: "redirectRefused"
            case .cancelled: "cancelled"
            case .overloaded: "overloaded"
            case .descriptorsExhausted: "descriptorsExhausted"
            case .poolWaitTimeout: "poolWaitTimeout"
            case .other(let code): "other(\(code))"
            }
        }
    }
}

/// Why a TLS connection failed.
public enum TLSFailure: String, Sendable, Equatable, CustomStringConvertible {
    /// The certificate chain or host name did not verify (`CURLE_PEER_FAILED_VERIFICATION`).
    case verification
    /// The handshake itself failed: protocol or cipher mismatch, not TLS at all (`CURLE_SSL_CONNECT_ERROR`).
    case handshake
    /// A local TLS problem: CA bundle, client certificate, engine, pinned key, revocation status.
    case configuration

    /// The raw value.
    public var description: String { rawValue }
}

/// Where a transfer was when it timed out.
public enum ProbePhase: String, Sendable, Equatable, CustomStringConvertible {
    /// Resolving the host name.
    case dns
    /// Opening the TCP connection.
    case connect
    /// Doing the TLS handshake.
    case tls
    /// Request sent, waiting for the first response byte.
    case serverWait
    /// Reading the response.
    case transfer

    /// The raw value.
    public var description: String { rawValue }
}
