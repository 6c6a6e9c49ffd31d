import ChaosServer
import History
import Monitor

/// The running engine as the CLI holds it: the ``Engine`` plus what it runs with — the demo's
/// ChaosServer and, for headless commands, the SIGHUP reloader — stopped together.
final class LiveEngine: RunningEngine {
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

    func latest() -> Snapshot { engine.latest() }

    func events(after sequence: UInt64) -> [Event] { engine.events(after: sequence) }

    func send(_ command: ControlCommand) { engine.send(command) }

    func publishNow() -> Snapshot { engine.publishNow() }

    func stop() async {
        reloader?.cancel()
        await history?.stop()
        await engine.stop()
        try? await chaos?.stop()
    }
}
