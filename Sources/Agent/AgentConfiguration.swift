public import Foundation

/// How `ethotop serve` runs its control API: where, for whom, with what bounds.
public struct AgentConfiguration: Sendable {
    /// Where to listen: Unix sockets and TCP addresses.
    public var addresses: [ControlAddress]
    /// Bearer tokens for TCP (`--token-file`); required for a TCP address that is not loopback.
    public var tokens: AccessTokens?
    /// The group allowed to use the Unix socket (`--control-group`): socket `0660`, directory `0710`.
    public var group: UInt32?
    /// The most control connections held at once (`--max-clients`), so screens can never take
    /// the descriptors the prober needs.
    public var maxClients: Int
    /// The most bytes queued for one stream client before it is dropped. At least a few
    /// snapshot lines: the stream sends a whole snapshot each refresh.
    public var streamBufferBytes: Int
    /// ethotop's version, for `/v1/agent`.
    public var version: String
    /// The process id, for `/v1/agent`.
    public var pid: Int32
    /// When the agent started.
    public var startedAt: Date

    /// The default cap on control connections.
    public static let defaultMaxClients = 64
    /// The default per-client stream buffer: 16 MiB, several snapshots of 10,000 endpoints.
    public static let defaultStreamBufferBytes = 16 * 1024 * 1024

    /// A configuration.
    public init(
        addresses: [ControlAddress], tokens: AccessTokens? = nil, group: UInt32? = nil,
        maxClients: Int = Self.defaultMaxClients, streamBufferBytes: Int = Self.defaultStreamBufferBytes,
        version: String, pid: Int32, startedAt: Date = Date()
    ) {
        self.addresses = addresses
        self.tokens = tokens
        self.group = group
        self.maxClients = maxClients
        self.streamBufferBytes = streamBufferBytes
        self.version = version
        self.pid = pid
        self.startedAt = startedAt
    }

    /// Refuses what must not run: no address, or TCP beyond loopback without tokens (anyone who
    /// reaches it could reset or isolate breakers).
    public func validate() throws(AgentStartError) {
        guard !addresses.isEmpty else { throw AgentStartError("no control address to listen on") }
        guard maxClients >= 1 else { throw AgentStartError("--max-clients must be at least 1") }
        if tokens == nil,
            let open = addresses.first(where: { if case .tcp = $0 { !$0.isLoopbackTCP } else { false } })
        {
            throw AgentStartError(
                "refusing to serve the control API on \(open) without --token-file: only loopback addresses may go without a token"
            )
        }
    }
}
