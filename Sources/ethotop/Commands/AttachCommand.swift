import AgentClient
import ArgumentParser
import Logging

/// `ethotop attach`: the dashboard over a running agent's engine.
struct AttachCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attach",
        abstract: "Open the dashboard on a running agent (ethotop serve): its engine, its breakers.",
        discussion: """
            ADDR is unix:PATH or HOST:PORT (default: the agent's default socket, \
            $XDG_RUNTIME_DIR/ethotop/control.sock, else $XDG_STATE_HOME/ethotop/control.sock). \
            Keys act on the agent's engine; every attached screen sees them. q detaches and leaves \
            the agent running; if the agent goes away the screen says so and reconnects.
            """
    )

    @Argument(help: "The agent: unix:PATH or HOST:PORT.")
    var address: String?

    @OptionGroup var tokens: TokenOptions
    @OptionGroup var display: DisplayOptions
    @OptionGroup var timing: RefreshOptions

    @Option(
        name: .long,
        help: "How much to write to $XDG_STATE_HOME/ethotop/ethotop.log (never to the terminal).")
    var logLevel: Logger.Level = .info

    func run() async throws {
        let logger = LoggingSetup.bootstrap(level: logLevel, command: "attach")
        try await AttachRunner(
            address: try AgentTarget.address(address), token: try tokens.token(), dashboard: Wiring.dashboard,
            options: display.dashboardOptions(refresh: timing), logger: logger
        ).run()
    }
}
