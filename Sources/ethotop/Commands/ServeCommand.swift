public import ArgumentParser
public import Exporter

/// `ethotop serve`: the headless agent for Prometheus and health checks.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Monitor headless and serve /metrics, /snapshot.json and /healthz over HTTP.",
        discussion: "Runs until SIGINT or SIGTERM, then stops the server and the engine and exits 0."
    )

    @OptionGroup var common: CommonOptions
    @OptionGroup var recording: HistoryOptions

    @Option(
        name: .long,
        help: "HOST:PORT to listen on: 127.0.0.1:9464, [::1]:9464, or :9464 for every interface.")
    var metricsListen: ListenAddress = .default

    func run() async throws {
        let logger = LoggingSetup.bootstrap(level: common.logLevel, command: "serve")
        let signals = TerminationSignals()
        try await ServeRunner(
            factory: Wiring.engineFactory,
            request: EngineRequest(
                configPath: common.config, mode: .config, logger: logger, reloadOnHangup: true,
                history: recording.request),
            address: metricsListen
        ).run { _ in _ = await signals.wait() }
    }
}

extension ListenAddress: ExpressibleByArgument {
    /// Parses `HOST:PORT`.
    public init?(argument: String) { self.init(parsing: argument) }

    /// Shown as the default in `--help`.
    public var defaultValueDescription: String { description }
}
