/// Connection-pool and engine limits for one ``Prober``.
///
/// The names follow the seed configuration (and httpx's `Limits`, whose defaults they keep), so that
/// the YAML keys map one to one. Every bound has a default.
public struct ProberConfiguration: Sendable, Equatable {
    /// Most connections open at once, across all hosts (`CURLMOPT_MAX_TOTAL_CONNECTIONS`).
    ///
    /// It is also the admission limit: the prober hands at most this many transfers to libcurl at
    /// once and keeps the rest in its own queue, because libcurl counts time spent waiting for a
    /// connection inside `CURLOPT_TIMEOUT_MS` and a busy pool would otherwise eat an endpoint's timeout.
    public var maxConnections: Int

    /// Most connections to one origin (scheme, host, port) at once (`CURLMOPT_MAX_HOST_CONNECTIONS`);
    /// also an admission limit, like ``maxConnections``. `nil` means no limit beyond the total.
    public var maxConnectionsPerHost: Int?

    /// Most idle connections kept for reuse, on top of those in use (drives `CURLMOPT_MAXCONNECTS`,
    /// which the loop keeps at "transfers running + this": libcurl's own limit counts busy
    /// connections too, and a fixed value below the concurrency would close every connection after use).
    public var maxKeepaliveConnections: Int

    /// How long an idle connection may be reused (`CURLOPT_MAXAGE_CONN`); older ones are closed.
    public var keepaliveExpiry: Duration

    /// Whether transfers to one HTTP/2 origin share a connection (`CURLMOPT_PIPELINING`).
    public var http2Multiplexing: Bool

    /// Most requests waiting for admission; beyond it ``Prober/probe(_:)`` fails with `.overloaded`
    /// at once instead of growing memory without bound.
    public var maxQueuedRequests: Int

    /// Most idle easy handles kept for reuse; extra ones are cleaned up when their transfer ends.
    public var maxPooledHandles: Int

    /// Creates a configuration; the defaults are httpx's (100 connections, 20 kept alive, 5 s expiry).
    public init(
        maxConnections: Int = 100,
        maxConnectionsPerHost: Int? = nil,
        maxKeepaliveConnections: Int = 20,
        keepaliveExpiry: Duration = .seconds(5),
        http2Multiplexing: Bool = true,
        maxQueuedRequests: Int = 100_000,
        maxPooledHandles: Int = 256
    ) {
        self.maxConnections = max(1, maxConnections)
        self.maxConnectionsPerHost = maxConnectionsPerHost.map { max(1, $0) }
        self.maxKeepaliveConnections = max(0, maxKeepaliveConnections)
        self.keepaliveExpiry = keepaliveExpiry
        self.http2Multiplexing = http2Multiplexing
        self.maxQueuedRequests = max(0, maxQueuedRequests)
        self.maxPooledHandles = max(0, maxPooledHandles)
    }

    /// The admission limit for one origin.
    var effectivePerHostLimit: Int { min(maxConnectionsPerHost ?? maxConnections, maxConnections) }
}
