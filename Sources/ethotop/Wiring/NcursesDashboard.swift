import Dashboard
import Monitor

/// The `Dashboard` module's ncurses app behind the CLI's ``DashboardLauncher`` seam.
struct NcursesDashboard: DashboardLauncher {
    func run(source: any SnapshotSource, options: DashboardOptions) async throws -> Int32? {
        let settings = Dashboard.DashboardOptions(
            theme: options.theme, ascii: options.ascii, noColor: options.noColor, mouse: options.mouse,
            refreshInterval: options.refresh ?? .seconds(1), frameStatsPath: options.frameStats)
        let exit = try await DashboardApp.launch(source: source, options: settings)
        if case .signal(let number) = exit { return number }
        return nil
    }
}
