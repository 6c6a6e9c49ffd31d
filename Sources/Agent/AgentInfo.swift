public import Foundation
import Monitor

/// The agent as `GET /v1/agent` and the stream's `hello` line describe it.
public struct AgentInfo: Sendable, Equatable, Encodable {
    /// The agent's process id.
    public var pid: Int32
    /// ethotop's version.
    public var version: String
    /// When the agent started.
    public var startedAt: Date
    /// The config's name (`config.yaml`) or `demo`.
    public var source: String
    /// Every control address it listens on (`unix:/run/ethotop/control.sock`, `127.0.0.1:9465`).
    public var listen: [String]
    /// Stream clients (screens) attached now.
    public var screens: Int
    /// Seconds between the stream's snapshots.
    public var refreshSeconds: Double

    /// An agent description.
    public init(
        pid: Int32, version: String, startedAt: Date, source: String, listen: [String], screens: Int,
        refreshSeconds: Double
    ) {
        self.pid = pid
        self.version = version
        self.startedAt = startedAt
        self.source = source
        self.listen = listen
        self.screens = screens
        self.refreshSeconds = refreshSeconds
    }

    enum CodingKeys: String, CodingKey {
        case pid, version, source, listen, screens
        case startedAt = "started_at"
        case refreshSeconds = "refresh_s"
    }

    /// Writes `started_at` as RFC 3339 like every other time in ethotop's JSON.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(pid, forKey: .pid)
        try container.encode(version, forKey: .version)
        try container.encode(RFC3339.string(from: startedAt), forKey: .startedAt)
        try container.encode(source, forKey: .source)
        try container.encode(listen, forKey: .listen)
        try container.encode(screens, forKey: .screens)
        try container.encode((refreshSeconds * 1_000).rounded() / 1_000, forKey: .refreshSeconds)
    }
}
