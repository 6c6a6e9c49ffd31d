/// Where the dashboard and exporters get state from, and where operator commands go.
///
/// The engine implements it, and so does an attached agent's client; readers never block it:
/// `latest()` returns the last published snapshot, `events(after:)` the bounded ring's newer
/// entries, `link` where they come from.
public protocol SnapshotSource: Sendable {
    /// The most recent snapshot.
    func latest() -> Snapshot
    /// Events with a sequence number greater than `sequence`, oldest first.
    func events(after sequence: UInt64) -> [Event]
    /// Applies an operator command (asynchronously, within one refresh).
    func send(_ command: ControlCommand)
    /// Where the state comes from: this process's engine, or an agent (and how the link is).
    var link: SourceLink { get }
}

extension SnapshotSource {
    /// An engine in this process.
    public var link: SourceLink { .local }
}
