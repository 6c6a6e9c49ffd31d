import Agent
import ChaosServer
import Monitor

/// The running engine as the CLI holds it: the ``Engine`` plus what it runs with — the demo's
/// ChaosServer and, for headless commands, the SIGHUP reloader — stopped together.
final class LiveEngine: RunningEngine, AgentEngine {
    let engine: Engine
    let chaos: ChaosServer?
    let reloader: HangupReloader?

    init(engine: Engine, chaos: ChaosServer?, reloader: HangupReloader?) {
        self.engine = engine
        self.chaos = chaos
        self.reloader = reloader
    }

    var refresh: Duration { engine.refresh }

    func latest() -> Snapshot { engine.latest() }

    func events(after sequence: UInt64) -> [Event] { engine.events(after: sequence) }

    func send(_ command: ControlCommand) { engine.send(command) }

    func publishNow() -> Snapshot { engine.publishNow() }

    /// What SIGHUP does, for `POST /v1/reload`; `nil` for the demo (no file to re-read).
    func reload(author: String?) -> ConfigReloader.Outcome? { reloader?.reloader.reload(author: author) }

    func note(_ message: String) { engine.note(.info, message: message) }

    func stop() async {
        reloader?.cancel()
        await engine.stop()
        try? await chaos?.stop()
    }
}
