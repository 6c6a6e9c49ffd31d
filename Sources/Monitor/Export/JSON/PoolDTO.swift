/// The connection pool in the JSON snapshot (`pool`).
public struct PoolDTO: Codable, Sendable, Equatable {
    /// Transfers that may run at once.
    public var maxConnections: Int
    /// Transfers that may run at once to one host.
    public var maxConnectionsPerHost: Int
    /// Transfers running now.
    public var inUse: Int
    /// Requests waiting for a connection now.
    public var waiting: Int
    /// Hosts holding their whole share with requests waiting behind it, most waiting first.
    public var saturatedHosts: [SaturatedHostDTO]

    enum CodingKeys: String, CodingKey {
        case maxConnections = "max_connections"
        case maxConnectionsPerHost = "max_connections_per_host"
        case inUse = "in_use"
        case waiting
        case saturatedHosts = "saturated_hosts"
    }

    /// The DTO of `pool`.
    public init(_ pool: PoolSnapshot) {
        maxConnections = pool.maxConnections
        maxConnectionsPerHost = pool.maxConnectionsPerHost
        inUse = pool.inUse
        waiting = pool.waiting
        saturatedHosts = pool.saturatedHosts.map(SaturatedHostDTO.init)
    }
}

/// A host saturating the pool, in ``PoolDTO``.
public struct SaturatedHostDTO: Codable, Sendable, Equatable {
    /// `scheme://host:port`.
    public var origin: String
    /// Transfers to it running now.
    public var inUse: Int
    /// Requests to it waiting.
    public var waiting: Int

    enum CodingKeys: String, CodingKey {
        case origin
        case inUse = "in_use"
        case waiting
    }

    /// The DTO of `host`.
    public init(_ host: PoolSnapshot.SaturatedHost) {
        origin = TextSanitizer.sanitize(host.origin)
        inUse = host.inUse
        waiting = host.waiting
    }
}
