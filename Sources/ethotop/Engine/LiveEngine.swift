import Agent
import ChaosServer
import History
import Monitor

/// The running engine as the CLI holds it: the ``Engine`` plus what it runs with — the demo's
/// ChaosServer and, for headless commands, the SIGHUP reloader — stopped together.
final class LiveEngine: RunningEngine, AgentEngine {
    let engine: Engine
    let chaos: ChaosServer?
    let reloader: HangupReloader?
    /// Records the engine's history, if on; stopped first so its last bucket is written.
    let history: HistoryWriter?

    init(engine: Engine, chaos: ChaosServer?, reloader: HangupReloader?, history: HistoryWriter? = nil) {
        self.engine = engine
        self.chaos = chaos
        self.reloader = reloader
        self.history = history
    }

    var refresh: Duration { engine.refresh }

    var serveSpec: ServeSpec { engine.config.serve }

    var proberConnections: Int { engine.config.defaults.http.maxConnections }

    func latest() -> Snapshot { engine.latest() }

    func events(after sequence: UInt64) -> [Event] { engine.events(after: sequence) }

    func send(_ command: ControlCommand) { engine.send(command) }

    func publishNow() -> Snapshot { engine.publishNow() }

    /// What SIGHUP does, for `POST /v1/reload`; `nil` for the demo (no file to re-read).
    func reload(author: String?) -> ConfigReloader.Outcome? { reloader?.reloader.reload(author: author) }

    func note(_ message: String) { engine.note(.info, message: message) }

    func stop() async {
        reloader?.cancel()
        await history?.stop()
        await engine.stop()
        try? await chaos?.stop()
    }
}
