import Monitor

/// THE one place where the CLI meets the engine, the config loader and the dashboard.
///
/// Commands reach them only through these two seams, so tests substitute fakes without
/// touching a command.
enum Wiring {
    /// The config loader and the engine (or the embedded demo).
    static let engineFactory: any EngineFactory = LiveEngineFactory()

    /// The ncurses dashboard.
    static let dashboard: any DashboardLauncher = NcursesDashboard()
}
