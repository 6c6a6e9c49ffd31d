import AgentClient
import ArgumentParser
import Dashboard
import Logging
import Monitor

/// `ethotop attach`: a ``RemoteSource`` under the same dashboard the standalone engine gets.
struct AttachRunner {
    var address: AgentAddress
    var token: String?
    var dashboard: any DashboardLauncher
    var options: DashboardOptions
    var logger: Logger
    var errors: any OutputSink = FileDescriptorSink.standardError

    func run() async throws {
        let source = RemoteSource(address: address, token: token)
        source.start()
        logger.info("attaching", metadata: ["address": "\(address)"])
        var options = options
        options.refresh = options.refresh ?? .seconds(1)
        let endingSignal: Int32?
        do {
            endingSignal = try await dashboard.run(source: source, options: options)
        } catch {
            await source.stop()
            throw EngineStarter.report(error, errors: errors, logger: logger)
        }
        // Detaching closes this screen's connections; the agent and its engine go on.
        await source.stop()
        logger.info("detached", metadata: ["address": "\(address)"])
        if let endingSignal { DashboardExit.signal(endingSignal).terminateIfSignalled() }
    }
}
