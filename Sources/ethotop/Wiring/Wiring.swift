import Monitor

/// THE one place where the CLI meets the engine, the config loader and the dashboard.
///
/// Until those land, both are placeholders that fail with a clear "not yet wired" message and
/// exit status 1. To wire them, replace the two right-hand sides below; no command changes.
enum Wiring {
    // PLACEHOLDER — replace with the real factory (ConfigLoader + Engine) when they land.
    static let engineFactory: any EngineFactory = NotYetWiredEngineFactory()

    // PLACEHOLDER — replace with the Dashboard module's launcher when it lands.
    static let dashboard: any DashboardLauncher = NotYetWiredDashboard()
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

/// PLACEHOLDER dashboard: fails with ``NotYetWired``.
struct NotYetWiredDashboard: DashboardLauncher {
    func run(source: any SnapshotSource, options: DashboardOptions) async throws {
        throw NotYetWired(component: "the dashboard (try `ethotop watch` or `ethotop demo --headless`)")
    }
}
