import ArgumentParser

/// `ethotop demo`: breakers tripping and recovering live against the built-in ChaosServer.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the built-in demo: a local misbehaving server, monitored live.",
        discussion: """
            Starts the ChaosServer on 127.0.0.1 with a healthy, a slow and a flaky service, two \
            endpoints sharing a tight rate limit, and a scripted outage that trips a breaker \
            about every 45 s. Nothing leaves the machine.
            """
    )

    @OptionGroup var common: CommonOptions
    @OptionGroup var display: DisplayOptions
    @OptionGroup var timing: RefreshOptions
    @OptionGroup var recording: HistoryOptions

    @Flag(name: .long, help: "No dashboard: print a plain table every --refresh (default 2s) until Ctrl-C.")
    var headless = false

    func run() async throws {
        let logger = LoggingSetup.bootstrap(level: common.logLevel, command: "demo")
        let request = EngineRequest(
            configPath: nil, mode: .demo, refresh: timing.refresh?.duration, logger: logger,
            history: recording.request)
        guard headless else {
            try await DashboardRunner(
                factory: Wiring.engineFactory, dashboard: Wiring.dashboard, request: request,
                options: display.dashboardOptions(refresh: timing)
            ).run()
            return
        }
        let signals = TerminationSignals()
        FileDescriptorSink.ignoreBrokenPipes()
        let engine = try await EngineStarter.start(Wiring.engineFactory, request)
        let runner = HeadlessDemoRunner(engine: engine, interval: timing.refresh?.duration ?? .seconds(2))
        await signals.run { await runner.stream() }
        await engine.stop()
    }
}
