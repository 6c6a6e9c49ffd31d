import Agent
import Foundation
import Monitor

/// A real, unstarted ``Engine`` behind the agent's engine protocol: commands apply and publish
/// at once, and nothing is probed (the endpoints point at a closed port), so router tests are
/// deterministic.
final class TestAgentEngine: AgentEngine {
    let engine: Engine
    let reloader: ConfigReloader?

    /// An engine for `yaml`; with `path`, the file it reloads from.
    init(_ yaml: String, path: String? = nil) throws {
        let loader = ConfigLoader(environment: [:])
        let config = try loader.parse(yaml: yaml, sourcePath: path ?? "agent.yaml")
        let engine = Engine(
            config: config, options: EngineOptions(source: "agent.yaml", refresh: .milliseconds(50)))
        self.engine = engine
        // Not started (nothing is probed), but its endpoints are published.
        engine.publishNow()
        reloader = path.map { ConfigReloader(engine: engine, path: $0, loader: loader) }
    }

    var refresh: Duration { engine.refresh }
    func latest() -> Snapshot { engine.latest() }
    func events(after sequence: UInt64) -> [Event] { engine.events(after: sequence) }
    func send(_ command: ControlCommand) { engine.send(command) }
    func reload(author: String?) -> ConfigReloader.Outcome? { reloader?.reload(author: author) }
    func note(_ message: String) { engine.note(.info, message: message) }

    /// The breaker state of `name` now.
    func state(_ name: String) -> String? {
        engine.publishNow().endpoints.first { $0.name == name }?.breaker.state.rawValue
    }

    /// Three endpoints, two in group `edge`, at a port nothing listens on.
    static let yaml = """
        refresh: 50ms
        defaults: { interval: 1h }
        endpoints:
          - { name: api, group: edge, url: "http://127.0.0.1:9/api" }
          - { name: web, group: edge, url: "http://127.0.0.1:9/web" }
          - { name: db, group: core, url: "http://127.0.0.1:9/db" }
        """
}

/// Decodes a JSON object from bytes (nil when it is not one).
func jsonObject(_ bytes: [UInt8]) -> [String: Any]? {
    (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any]
}

/// A peer on the Unix socket: root, pid 4242.
let rootPeer = AgentPeer.unix(user: "root", uid: 0, pid: 4242)
