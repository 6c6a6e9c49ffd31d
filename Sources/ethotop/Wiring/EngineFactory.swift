import Logging
import Monitor

/// A running engine as the CLI sees it: a ``SnapshotSource`` that can be stopped.
///
/// The engine (scheduler + pipeline, a later issue) conforms to this; the CLI needs nothing else.
protocol RunningEngine: SnapshotSource {
    /// The snapshot interval: the config's `refresh`, or the `--refresh` override.
    var refresh: Duration { get }
    /// Stops probing and joins the engine's tasks.
    func stop() async
    /// The config's `serve:` section (the listener's bounds).
    var serveSpec: ServeSpec { get }
    /// Transfers the prober may run at once (`defaults.http.max_connections`): the descriptors
    /// a listener must leave it.
    var proberConnections: Int { get }
}

extension RunningEngine {
    /// No `serve:` keys: an engine without a config file (tests' stand-ins).
    var serveSpec: ServeSpec { ServeSpec() }
    /// What the latest snapshot says (zero before the first is published).
    var proberConnections: Int { latest().pool.maxConnections }
}

/// What a command asks the factory for.
struct EngineRequest: Sendable {
    /// Where the engine's endpoints come from.
    enum Mode: Sendable, Equatable {
        /// The config found by `--config`, `$ETHOTOP_CONFIG` or the XDG path; an error if none.
        case config
        /// The embedded demo (ChaosServer on 127.0.0.1 with the built-in scenario).
        case demo
        /// The config if one is found, else the demo (the dashboard's default).
        case configOrDemo
    }

    /// `--config`, if given.
    var configPath: String?
    /// Config, demo, or config-else-demo.
    var mode: Mode
    /// `--refresh`, if given.
    var refresh: Duration? = nil
    /// The process logger (file only).
    var logger: Logger
    /// Reload the config on SIGHUP (headless commands; in the dashboard SIGHUP means hang-up).
    var reloadOnHangup = false
    /// Whether and where to record history (serve, the dashboard and demo; docs/HISTORY.md).
    var history: HistoryRequest = .off
}

/// Builds engines from configs: the seam where `ConfigLoader` and `Engine` plug into the CLI.
protocol EngineFactory: Sendable {
    /// Loads and validates the config without starting anything; returns a summary, one line
    /// per item, safe to print (secrets redacted).
    ///
    /// - Throws: ``ConfigProblems`` for an invalid or missing config (exit 2).
    func check(configPath: String?) throws -> [String]

    /// Loads the config (or builds the demo) and starts the engine.
    ///
    /// - Throws: ``ConfigProblems`` for an invalid config (exit 2); anything else exits 1.
    func start(_ request: EngineRequest) async throws -> any RunningEngine
}

/// Every problem found in a config, each `FILE:LINE:COL: message` with its hint: exit status 2.
struct ConfigProblems: Error, CustomStringConvertible {
    /// The problems, in file order.
    var messages: [String]

    var description: String { messages.joined(separator: "\n") }
}

/// A part of ethotop that has not been plugged in yet (see ``Wiring``): exit status 1.
struct NotYetWired: Error, CustomStringConvertible {
    /// What is missing.
    var component: String

    var description: String {
        "ethotop: \(component) is not yet wired into this build (see Sources/ethotop/Wiring/Wiring.swift)"
    }
}
