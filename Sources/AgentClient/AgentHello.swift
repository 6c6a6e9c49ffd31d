import Foundation

/// The agent's `/v1/agent` document, also the `agent` of the stream's `hello` line: who the
/// screen is attached to. Every key is optional when reading, so a newer or older agent still
/// attaches.
public struct AgentHello: Decodable, Sendable, Equatable {
    /// The agent's process id.
    public var pid: Int?
    /// Its ethotop version.
    public var version: String?
    /// RFC 3339 time it started.
    public var startedAt: String?
    /// Its config's name.
    public var source: String?
    /// The addresses it listens on.
    public var listen: [String]?
    /// Screens attached now.
    public var screens: Int?
    /// Its snapshot interval, seconds.
    public var refreshS: Double?

    enum CodingKeys: String, CodingKey {
        case pid, version, source, listen, screens
        case startedAt = "started_at"
        case refreshS = "refresh_s"
    }

    /// Creates a description (tests, and the fields a hello left out).
    public init(
        pid: Int? = nil, version: String? = nil, startedAt: String? = nil, source: String? = nil,
        listen: [String]? = nil, screens: Int? = nil, refreshS: Double? = nil
    ) {
        self.pid = pid
        self.version = version
        self.startedAt = startedAt
        self.source = source
        self.listen = listen
        self.screens = screens
        self.refreshS = refreshS
    }
}
