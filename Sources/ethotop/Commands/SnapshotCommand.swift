import ArgumentParser

/// `ethotop snapshot`: poll for a while and print one snapshot, for scripts and CI.
struct SnapshotCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Poll for --duration, then print one snapshot (JSON or a table).",
        discussion: "With --fail-on-open, exit status 3 when any breaker is open, half-open or forced open."
    )

    @OptionGroup var common: CommonOptions

    @Option(name: .long, help: "How long to poll before printing, e.g. 5s or 1m.")
    var duration = DurationArgument(.seconds(5))

    @Option(name: .long, help: "Output format: json (docs/JSON.md) or table.")
    var format: SnapshotFormat = .json

    @Flag(name: .long, help: "Exit with status 3 when any breaker is open.")
    var failOnOpen = false

    @Option(
        name: .long,
        help: "Read the snapshot from a running agent (unix:PATH or HOST:PORT) instead of polling.")
    var attach: String?

    @OptionGroup var tokens: TokenOptions

    func run() async throws {
        let logger = LoggingSetup.bootstrap(level: common.logLevel, command: "snapshot")
        try await SnapshotRunner(
            factory: Wiring.engineFactory,
            request: EngineRequest(
                configPath: common.config, mode: .config, logger: logger, reloadOnHangup: true),
            duration: duration.duration, format: format, failOnOpen: failOnOpen,
            agent: try attach.map { (try AgentTarget.address($0), try tokens.token()) }
        ).run()
    }
}
