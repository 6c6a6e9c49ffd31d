public import Monitor

/// What the agent needs of the engine it serves: snapshots, events and commands (as every
/// screen), plus the refresh interval, a reload, and a way to note what the agent itself did.
///
/// The CLI's running engine conforms; tests of the router use a real ``Monitor/Engine``.
public protocol AgentEngine: SnapshotSource {
    /// How often the stream sends a snapshot (the config's `refresh`, or `--refresh`).
    var refresh: Duration { get }
    /// Re-reads the config as SIGHUP does, recording `author`; `nil` when there is no config
    /// file to re-read (the demo).
    func reload(author: String?) -> ConfigReloader.Outcome?
    /// Records an informational event (a stream client dropped, the agent listening).
    func note(_ message: String)
}
