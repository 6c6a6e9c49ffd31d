import ArgumentParser
import Exporter
import Monitor

/// `ethotop serve`: the headless agent — the engine plus the metrics HTTP server.
struct ServeRunner {
    var factory: any EngineFactory
    var request: EngineRequest
    var address: ListenAddress
    /// `--max-connections`, which wins over `serve.max_connections`.
    var maxConnections: Int? = nil
    /// `--idle-timeout`, which wins over `serve.idle_timeout`.
    var idleTimeout: Duration? = nil
    /// The soft descriptor limit (raised at start-up); read from the process when nil.
    var descriptorLimit: Int? = nil
    var errors: any OutputSink = FileDescriptorSink.standardError

    /// Starts the engine and the server, waits in `until` (production: for SIGINT/SIGTERM),
    /// then stops the server before the engine so no scrape sees a stopped engine.
    func run(until: @Sendable (MetricsServer) async -> Void) async throws {
        let engine = try await EngineStarter.start(factory, request, errors: errors)
        let budget = DescriptorBudget(
            limit: descriptorLimit ?? DescriptorBudget.currentLimit(),
            proberConnections: engine.proberConnections)
        let spec = engine.serveSpec
        let configuration = BoundedServerConfiguration(
            maxConnections: maxConnections ?? spec.maxConnections
                ?? BoundedServerConfiguration.defaultMaxConnections,
            idleTimeout: idleTimeout ?? spec.idleTimeout ?? BoundedServerConfiguration.defaultIdleTimeout
        ).capped(at: budget.listenerCap())
        if budget.isShort() {
            errors.write(
                "ethotop serve: warning: the descriptor limit (\(budget.limit)) leaves no room for "
                    + "connections beyond the prober's \(budget.reserved); serving one at a time "
                    + "(raise `ulimit -n` or lower http.max_connections)\n")
        }
        request.logger.info(
            "listener bounds",
            metadata: [
                "max_connections": "\(configuration.maxConnections)",
                "idle_timeout": "\(configuration.idleTimeout)", "descriptor_limit": "\(budget.limit)",
                "reserved_for_prober": "\(budget.reserved)",
            ])
        let server: MetricsServer
        do {
            server = try await MetricsServer.start(
                address: address, source: engine, configuration: configuration)
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
