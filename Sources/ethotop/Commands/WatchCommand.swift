import ArgumentParser

/// `ethotop watch`: a JSON-lines stream of events and snapshots.
struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Stream JSON lines: each new event, and one snapshot per refresh.",
        discussion: "Runs until SIGINT or SIGTERM (then exits 0) or until the reader closes the pipe."
    )

    @OptionGroup var common: CommonOptions

    @OptionGroup var timing: RefreshOptions

    @Option(name: .long, help: "Stream from a running agent (unix:PATH or HOST:PORT) instead of polling.")
    var attach: String?

    @OptionGroup var tokens: TokenOptions

    func run() async throws {
        let logger = LoggingSetup.bootstrap(level: common.logLevel, command: "watch")
        let signals = TerminationSignals()
        FileDescriptorSink.ignoreBrokenPipes()
        if let attach {
            let runner = AttachedWatchRunner(
                address: try AgentTarget.address(attach), token: try tokens.token())
            let signal = await signals.run { await runner.stream() }
            logger.info("watch stopped", metadata: ["signal": "\(signal.map(String.init) ?? "none")"])
            return
        }
        let engine = try await EngineStarter.start(
            Wiring.engineFactory,
            EngineRequest(
                configPath: common.config, mode: .config, refresh: timing.refresh?.duration, logger: logger,
                reloadOnHangup: true))
        let runner = WatchRunner(engine: engine, interval: timing.refresh?.duration ?? engine.refresh)
        let signal = await signals.run { await runner.stream() }
        logger.info("watch stopped", metadata: ["signal": "\(signal.map(String.init) ?? "none")"])
        await engine.stop()
    }
}
