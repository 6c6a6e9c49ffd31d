import ArgumentParser
import Exporter

/// `ethotop`: with no subcommand, the live dashboard; subcommands for scripts and agents.
///
/// Every subcommand is a thin parser in `Commands/` that hands its options to a runner in
/// `Runners/`; the runners get the engine from ``Wiring``, the one place where the config
/// loader, engine and dashboard are plugged in.
@main
struct Ethotop: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ethotop",
        abstract: "Watch services fail and recover: circuit breakers, retries, rate limits, latency.",
        discussion: """
            With no subcommand, opens the dashboard for the config found by --config, \
            $ETHOTOP_CONFIG or $XDG_CONFIG_HOME/ethotop/config.yaml, or the built-in demo when \
            there is none. Exit status: 0 ok, 1 runtime failure, 2 config error, \
            3 open breaker (snapshot --fail-on-open), 64 usage error.
            """,
        version: EthotopVersion.string,
        subcommands: [
            DemoCommand.self, CheckCommand.self, SnapshotCommand.self, WatchCommand.self, ServeCommand.self,
            HistoryCommand.self,
            AttachCommand.self,
        ]
    )

    /// Raises the soft descriptor limit once, before any command runs: the prober and the
    /// listeners share the process's descriptors, and the default soft limit is far below what
    /// the host allows (see ``DescriptorBudget``).
    static func main() async {
        DescriptorBudget.raiseSoftLimit()
        await main(nil)
    }

    @OptionGroup var common: CommonOptions
    @OptionGroup var display: DisplayOptions
    @OptionGroup var timing: RefreshOptions
    @OptionGroup var recording: HistoryOptions

    func run() async throws {
        let logger = LoggingSetup.bootstrap(level: common.logLevel, command: "dashboard")
        try await DashboardRunner(
            factory: Wiring.engineFactory, dashboard: Wiring.dashboard,
            request: EngineRequest(
                configPath: common.config, mode: .configOrDemo, logger: logger, history: recording.request),
            options: display.dashboardOptions(refresh: timing)
        ).run()
    }
}
