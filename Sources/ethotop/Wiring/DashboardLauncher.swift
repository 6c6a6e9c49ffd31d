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
    /// `--frame-stats` (hidden): where to write the cost of each frame at exit.
    var frameStats: String? = nil
}

/// Runs the interactive dashboard on a snapshot source until the operator quits.
///
/// The `Dashboard` module (another issue) conforms to this; it owns the terminal while it runs.
protocol DashboardLauncher: Sendable {
    /// Runs until the operator quits or a termination signal arrives.
    ///
    /// - Returns: the signal that ended the dashboard, if one did, so the caller can stop the
    ///   engine first and then end the process the way shells expect (killed by that signal).
    func run(source: any SnapshotSource, options: DashboardOptions) async throws -> Int32?
}
