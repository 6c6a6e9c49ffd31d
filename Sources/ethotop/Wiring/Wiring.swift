import Monitor

/// THE one place where the CLI meets the engine, the config loader and the dashboard.
///
/// Until those land, both are placeholders that fail with a clear "not yet wired" message and
/// exit status 1. To wire them, replace the two right-hand sides below; no command changes.
enum Wiring {
    // PLACEHOLDER — replace with the real factory (ConfigLoader + Engine) when they land.
    static let engineFactory: any EngineFactory = NotYetWiredEngineFactory()

    /// The ncurses dashboard.
    static let dashboard: any DashboardLauncher = NcursesDashboard()
}

/// PLACEHOLDER engine factory: every call fails with ``NotYetWired``.
struct NotYetWiredEngineFactory: EngineFactory {
    func check(configPath: String?) throws -> [String] {
        throw NotYetWired(component: "the config loader")
    }

    func start(_ request: EngineRequest) async throws -> any RunningEngine {
        throw NotYetWired(component: request.mode == .demo ? "the demo engine" : "the monitoring engine")
    }
}
