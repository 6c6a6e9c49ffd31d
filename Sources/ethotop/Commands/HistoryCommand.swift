import ArgumentParser
import Foundation

/// `ethotop history`: what the history database recorded over a time range.
struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Print recorded history: transitions, operator actions, downtime (table, JSON, Markdown).",
        discussion: """
            Reads the database that `ethotop serve` and the dashboard write (docs/HISTORY.md). \
            --format markdown is an incident timeline to paste into a ticket. Times are UTC.
            """
    )

    @Option(
        name: .long, help: "Config file whose history.file to read (else $ETHOTOP_CONFIG, else the XDG path)."
    )
    var config: String?

    /// `--history FILE`: declared as the root command's group, so that ArgumentParser hands the
    /// value to this command (see ``RefreshOptions``); `--no-history` means nothing here.
    @OptionGroup var recording: HistoryOptions

    @Option(name: .long, help: "How far back from now, e.g. 15m, 1h, 24h, 7d (default 1h).")
    var since: String?

    @Option(name: .long, help: "Start of the range: 2026-03-01T14:00:00Z (UTC when no zone is given).")
    var from: String?

    @Option(name: .long, help: "End of the range (default now).")
    var to: String?

    @Option(name: .long, help: "Only this endpoint.")
    var endpoint: String?

    @Option(name: .long, help: "Only this group.")
    var group: String?

    @Option(name: .long, help: "table, json (docs/JSON.md) or markdown.")
    var format: HistoryFormat = .table

    func validate() throws {
        if since != nil && (from != nil || to != nil) {
            throw ValidationError("use either --since or --from/--to, not both")
        }
    }

    func run() async throws {
        try HistoryRunner(
            configPath: config, historyPath: recording.history, since: since, from: from, to: to,
            endpoint: endpoint,
            group: group, format: format
        ).run()
    }
}

/// Output formats of `ethotop history`.
enum HistoryFormat: String, ExpressibleByArgument, CaseIterable {
    case table
    case json
    case markdown
}
