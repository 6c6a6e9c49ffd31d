/// Where the dashboard and exporters get state from, and where operator commands go.
///
/// The engine implements it; readers never block it: `latest()` returns the last published
/// snapshot, `events(after:)` the bounded ring's newer entries.
public protocol SnapshotSource: Sendable {
    /// The most recent snapshot.
    func latest() -> Snapshot
    /// Events with a sequence number greater than `sequence`, oldest first.
    func events(after sequence: UInt64) -> [Event]
    /// Applies an operator command (asynchronously, within one refresh).
    func send(_ command: ControlCommand)
}
