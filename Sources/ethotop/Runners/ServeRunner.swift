import Agent
import ArgumentParser
import Exporter
import Foundation
import Monitor

/// `ethotop serve`: the always-on agent — the engine, its control API and the metrics server.
struct ServeRunner {
    /// What is running while `until` waits: both listeners.
    struct Running: Sendable {
        /// `/metrics`, `/snapshot.json`, `/healthz`.
        var metrics: MetricsServer
        /// The control API.
        var agent: AgentServer
    }

    var factory: any EngineFactory
    var request: EngineRequest
    var address: ListenAddress
    var control: ControlOptions
    var environment: [String: String] = ProcessInfo.processInfo.environment
    var errors: any OutputSink = FileDescriptorSink.standardError

    /// Starts the engine and both servers, waits in `until` (production: for SIGINT/SIGTERM),
    /// then stops the servers before the engine so no client sees a stopped engine.
    func run(until: @Sendable (Running) async -> Void) async throws {
        // Bad options are refused before anything starts.
        let configuration: AgentConfiguration
        do {
            configuration = try control.configuration(environment: environment)
        } catch {
            errors.write("ethotop serve: \(error)\n")
            throw ExitStatus.failure
        }
        let engine = try await EngineStarter.start(factory, request, errors: errors)
        let served: any AgentEngine = (engine as? any AgentEngine) ?? ReadOnlyAgentEngine(engine: engine)
        let agent: AgentServer
        do {
            agent = try await AgentServer.start(engine: served, configuration: configuration)
        } catch {
            errors.write("ethotop serve: \(error)\n")
            request.logger.error("cannot serve the control API", metadata: ["error": "\(error)"])
            await engine.stop()
            throw ExitStatus.failure
        }
        for note in agent.notes {
            errors.write("ethotop serve: \(note)\n")
            request.logger.notice("\(note)")
        }
        let server: MetricsServer
        do {
            server = try await MetricsServer.start(address: address, source: engine)
        } catch {
            errors.write("ethotop: cannot listen on \(address): \(error)\n")
            request.logger.error("cannot listen", metadata: ["address": "\(address)", "error": "\(error)"])
            await agent.stop()
            await engine.stop()
            throw ExitStatus.failure
        }
        let url = "http://\(server.boundAddress)"
        errors.write("ethotop serve: \(url)/metrics  \(url)/snapshot.json  \(url)/healthz\n")
        let listening = agent.boundAddresses.map(\.description).joined(separator: "  ")
        errors.write("ethotop serve: control API on \(listening)\n")
        request.logger.info(
            "serving", metadata: ["metrics": "\(server.boundAddress)", "control": "\(listening)"])
        await until(Running(metrics: server, agent: agent))
        await agent.stop()
        await server.stop()
        await engine.stop()
        request.logger.info("stopped")
    }
}

/// A running engine without reload or notes (a test's fake): served as it is.
struct ReadOnlyAgentEngine: AgentEngine {
    let engine: any RunningEngine

    var refresh: Duration { engine.refresh }
    func latest() -> Snapshot { engine.latest() }
    func events(after sequence: UInt64) -> [Event] { engine.events(after: sequence) }
    func send(_ command: ControlCommand) { engine.send(command) }
    func reload(author: String?) -> ConfigReloader.Outcome? { nil }
    func note(_ message: String) {}
}
