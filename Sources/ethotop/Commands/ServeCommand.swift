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

    @Option(
        name: .long,
        help: "HOST:PORT to listen on: 127.0.0.1:9464, [::1]:9464, or :9464 for every interface.")
    var metricsListen: ListenAddress = .default

    @Option(
        name: .long,
        help: ArgumentHelp(
            "HTTP connections held at once (default 64, or serve.max_connections); more are closed.",
            discussion: "Lowered when the descriptor limit cannot also hold the prober's connections."))
    var maxConnections: Int?

    @Option(
        name: .long,
        help: "Close an HTTP connection that has been idle this long (default 30s, or serve.idle_timeout).")
    var idleTimeout: DurationArgument?

    func validate() throws {
        if let maxConnections, !(1...100_000).contains(maxConnections) {
            throw ValidationError("--max-connections must be between 1 and 100000, not \(maxConnections)")
        }
    }

    func run() async throws {
        let logger = LoggingSetup.bootstrap(level: common.logLevel, command: "serve")
        let signals = TerminationSignals()
        try await ServeRunner(
            factory: Wiring.engineFactory,
            request: EngineRequest(
                configPath: common.config, mode: .config, logger: logger, reloadOnHangup: true),
            address: metricsListen,
            maxConnections: maxConnections, idleTimeout: idleTimeout?.duration
        ).run { _ in _ = await signals.wait() }
    }
}

extension ListenAddress: ExpressibleByArgument {
    /// Parses `HOST:PORT`.
    public init?(argument: String) { self.init(parsing: argument) }

    /// Shown as the default in `--help`.
    public var defaultValueDescription: String { description }
}
