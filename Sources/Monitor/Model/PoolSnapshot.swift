/// The prober's connection pool: how full it is and, when probes queue for it, which hosts hold it.
///
/// A probe that waits longer than its `timeout` for a connection ends as `pool_exhausted`
/// without reaching its server. When that happens to healthy endpoints, the cause is elsewhere: usually
/// one host whose requests hang and hold every connection its per-host share allows. This says
/// which one, so the operator need not guess from the errors.
public struct PoolSnapshot: Sendable, Equatable {
    /// Transfers that may run at once (`http.max_connections`).
    public var maxConnections: Int
    /// Transfers that may run at once to one host (`http.max_connections_per_host`).
    public var maxConnectionsPerHost: Int
    /// Transfers running now.
    public var inUse: Int
    /// Requests waiting for a connection now (for the pool, or for their host's share).
    public var waiting: Int
    /// Hosts holding their whole share with requests waiting behind it, most waiting first (at
    /// most five).
    public var saturatedHosts: [SaturatedHost]

    /// A host at its share of the pool with requests queued behind it.
    public struct SaturatedHost: Sendable, Equatable {
        /// `scheme://host:port` (the pool's key; never credentials).
        public var origin: String
        /// Transfers to it running now.
        public var inUse: Int
        /// Requests to it waiting for one of those to end.
        public var waiting: Int

        /// Creates an entry.
        public init(origin: String, inUse: Int, waiting: Int) {
            self.origin = origin
            self.inUse = inUse
            self.waiting = waiting
        }
    }

    /// Creates a pool snapshot (all zero: no prober, as in a snapshot made by hand).
    public init(
        maxConnections: Int = 0, maxConnectionsPerHost: Int = 0, inUse: Int = 0, waiting: Int = 0,
        saturatedHosts: [SaturatedHost] = []
    ) {
        self.maxConnections = maxConnections
        self.maxConnectionsPerHost = maxConnectionsPerHost
        self.inUse = inUse
        self.waiting = waiting
        self.saturatedHosts = saturatedHosts
    }

    /// Whether requests are waiting for a connection.
    public var isSaturated: Bool { waiting > 0 }
}
