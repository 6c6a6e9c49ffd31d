import ArgumentParser
import Exporter
import Monitor

/// `ethotop serve`: the headless agent — the engine plus the metrics HTTP server.
struct ServeRunner {
    var factory: any EngineFactory
    var request: EngineRequest
    var address: ListenAddress
    var errors: any OutputSink = FileDescriptorSink.standardError

    /// Starts the engine and the server, waits in `until` (production: for SIGINT/SIGTERM),
    /// then stops the server before the engine so no scrape sees a stopped engine.
    func run(until: @Sendable (MetricsServer) async -> Void) async throws {
        let engine = try await EngineStarter.start(factory, request, errors: errors)
        let server: MetricsServer
        do {
            server = try await MetricsServer.start(address: address, source: engine)
        } catch {
            errors.write("ethotop: cannot listen on \(address): \(error)\n")
            request.logger.error("cannot listen", metadata: ["address": "\(address)", "error": "\(error)"])
            await engine.stop()
            throw ExitStatus.failure
        }
        let url = "http://\(server.boundAddress)"
        errors.write("ethotop serve: \(url)/metrics  \(url)/snapshot.json  \(url)/healthz\n")
        request.logger.info("serving metrics", metadata: ["address": "\(server.boundAddress)"])
        await until(server)
        await server.stop()
        await engine.stop()
        request.logger.info("stopped")
    }
}
