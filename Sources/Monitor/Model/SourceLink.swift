public import Foundation

/// Where a ``SnapshotSource`` gets its state from, so a screen can say which mode is live.
///
/// The dashboard draws the same panes whether the engine runs in its own process or in an agent
/// it is attached to; only the header differs, and an operator acting on a shared engine must
/// see that it is shared (and when the link to it is down, that what they see is stale).
public enum SourceLink: Sendable, Equatable {
    /// The engine runs in this process (the dashboard's own, or the demo's).
    case local
    /// The engine runs in an agent (`ethotop serve`) this process is attached to.
    case attached(AttachedLink)
}

/// The state of the link to an agent, as a screen shows it.
public struct AttachedLink: Sendable, Equatable {
    /// The address attached to, as the operator wrote it (`unix:/run/ethotop/control.sock`).
    public var address: String
    /// The agent's process id, once it has said hello.
    public var agentPID: Int?
    /// When the current connection said hello (nil while not connected).
    public var attachedSince: Date?
    /// Screens attached to the agent (this one included), as of the last hello.
    public var screens: Int?
    /// Since when the agent has been unreachable (nil while connected or on the first attempt).
    public var lostSince: Date?
    /// Time until the next connection attempt while lost (zero or less: trying now).
    public var retryIn: Duration?
    /// Whether this screen has ever been connected (lost vs never reached).
    public var everConnected: Bool
    /// Why the last attempt or connection failed, in words.
    public var reason: String?

    /// Creates a link description.
    public init(
        address: String, agentPID: Int? = nil, attachedSince: Date? = nil, screens: Int? = nil,
        lostSince: Date? = nil, retryIn: Duration? = nil, everConnected: Bool = false, reason: String? = nil
    ) {
        self.address = address
        self.agentPID = agentPID
        self.attachedSince = attachedSince
        self.screens = screens
        self.lostSince = lostSince
        self.retryIn = retryIn
        self.everConnected = everConnected
        self.reason = reason
    }

    /// Whether snapshots are arriving now.
    public var isLive: Bool { attachedSince != nil && lostSince == nil }
}
