import ArgumentParser

/// `ethotop check`: validate a config without probing anything.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate the config and print a summary.",
        discussion: "Exit status 0 when valid; 2 with every problem as FILE:LINE:COL: message."
    )

    @OptionGroup var common: CommonOptions

    func run() async throws {
        let logger = LoggingSetup.bootstrap(level: common.logLevel, command: "check")
        try CheckRunner(
            factory: Wiring.engineFactory,
            request: EngineRequest(configPath: common.config, mode: .config, logger: logger)
        ).run()
    }
}
