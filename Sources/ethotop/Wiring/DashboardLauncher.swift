import Monitor

/// Options the dashboard takes from the command line.
struct DashboardOptions: Sendable, Equatable {
    /// `--theme`.
    var theme: String?
    /// `--refresh`.
    var refresh: Duration?
    /// `--no-color` (or `NO_COLOR` in the environment, which the dashboard checks itself).
    var noColor: Bool
    /// `--ascii`.
    var ascii: Bool
    /// Mouse reporting at start (`--no-mouse` turns it off).
    var mouse: Bool = true
    /// `--frame-stats` (hidden): where to write the cost of each frame at exit.
    var frameStats: String? = nil
}

/// Runs the interactive dashboard on a snapshot source until the operator quits.
///
/// ``NcursesDashboard`` is the real one; it owns the terminal while it runs. Tests put a recorder
/// here to check what the commands hand to the dashboard without a terminal.
protocol DashboardLauncher: Sendable {
    /// Runs until the operator quits or a termination signal arrives.
    ///
    /// - Returns: the signal that ended the dashboard, if one did, so the caller can stop the
    ///   engine first and then end the process the way shells expect (killed by that signal).
    func run(source: any SnapshotSource, options: DashboardOptions) async throws -> Int32?
}
