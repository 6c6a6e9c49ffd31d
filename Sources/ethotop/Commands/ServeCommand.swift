public import Agent
public import ArgumentParser
public import Exporter
import Monitor

/// `ethotop serve`: the always-on agent — one engine, its control API for attached screens, and
/// `/metrics` for Prometheus.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the agent: monitor headless, serve the control API and /metrics.",
        discussion: """
            The control API (docs/AGENT.md) listens on a Unix socket, by default \
            $XDG_RUNTIME_DIR/ethotop/control.sock (else $XDG_STATE_HOME/ethotop/control.sock), and on \
            TCP only when --control HOST:PORT asks for it. Screens attach with `ethotop attach`. \
            Reloads the config on SIGHUP or POST /v1/reload. Runs until SIGINT or SIGTERM, then \
            stops the listeners and the engine and exits 0.
            """
    )

    @OptionGroup var common: CommonOptions

    @Option(
        name: .long,
        help: "HOST:PORT for /metrics: 127.0.0.1:9464, [::1]:9464, or :9464 for every interface.")
    var metricsListen: ListenAddress = .default

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Control API address, repeatable: unix:PATH or HOST:PORT (default: the Unix socket).",
            valueName: "ADDR"))
    var control: [ControlAddress] = []

    @Option(
        name: .long,
        help: "Bearer tokens for TCP control addresses, one NAME:TOKEN (or TOKEN) per line.",
        completion: .file())
    var tokenFile: String?

    @Option(name: .long, help: "Group allowed to use the control socket (socket 0660, directory 0710).")
    var controlGroup: String?

    @Option(name: .long, help: "Most control connections held at once (screens, scripts).")
    var maxClients: Int = AgentConfiguration.defaultMaxClients

    /// For tests of slow stream clients (docs/AGENT.md), so hidden from `--help`.
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Bytes queued for one stream client before it is dropped, e.g. 1MiB.", visibility: .hidden))
    var streamBuffer: String?

    func run() async throws {
        var streamBufferBytes = AgentConfiguration.defaultStreamBufferBytes
        if let streamBuffer {
            guard let bytes = try? SizeParser.parse(streamBuffer), bytes >= 1_024 else {
                throw ValidationError("--stream-buffer takes a size of at least 1KiB, e.g. 1MiB")
            }
            streamBufferBytes = Int(bytes)
        }
        let logger = LoggingSetup.bootstrap(level: common.logLevel, command: "serve")
        let signals = TerminationSignals()
        try await ServeRunner(
            factory: Wiring.engineFactory,
            request: EngineRequest(
                configPath: common.config, mode: .config, logger: logger, reloadOnHangup: true),
            address: metricsListen,
            control: ControlOptions(
                addresses: control, tokenFile: tokenFile, group: controlGroup, maxClients: maxClients,
                streamBufferBytes: streamBufferBytes)
        ).run { _ in _ = await signals.wait() }
    }
}

extension ListenAddress: ExpressibleByArgument {
    /// Parses `HOST:PORT`.
    public init?(argument: String) { self.init(parsing: argument) }

    /// Shown as the default in `--help`.
    public var defaultValueDescription: String { description }
}

extension ControlAddress: ExpressibleByArgument {
    /// Parses `unix:PATH` or `HOST:PORT`.
    public init?(argument: String) { self.init(parsing: argument) }
}
