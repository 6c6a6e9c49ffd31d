import ArgumentParser

/// `--history FILE` and `--no-history`, for the commands that record (serve, the dashboard, demo).
struct HistoryOptions: ParsableArguments {
    @Option(
        name: .long,
        help: "History database (else the config's history.file, else $XDG_STATE_HOME/ethotop/history.db).",
        completion: .file(extensions: ["db"]))
    var history: String?

    @Flag(name: .long, help: "Record no history.")
    var noHistory = false

    /// What the engine factory should do about history.
    var request: HistoryRequest {
        if noHistory { return .off }
        return history.map { .file($0) } ?? .configured
    }
}

/// Whether and where a started engine records its history (docs/HISTORY.md).
enum HistoryRequest: Sendable, Equatable {
    /// No recording (`--no-history`, and the commands that never record: snapshot, watch, check).
    case off
    /// The config's `history.file`, else the default under the state directory.
    case configured
    /// `--history FILE`.
    case file(String)
}
