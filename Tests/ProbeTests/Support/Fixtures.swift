import ChaosServer

@testable import Probe

/// Runs `body` with a fresh ChaosServer and Prober, and always stops both.
func withChaos<T>(
    configuration: ProberConfiguration = ProberConfiguration(),
    _ body: (ChaosServer, Prober) async throws -> T
) async throws -> T {
    let server = try await ChaosServer.start()
    let prober = Prober(configuration: configuration)
    do {
        let value = try await body(server, prober)
        prober.shutdown()
        try await server.stop()
        return value
    } catch {
        prober.shutdown()
        try? await server.stop()
        throw error
    }
}

/// Runs `probe` and returns the error it throws, or `nil` if it succeeded.
func probeError(_ prober: Prober, _ request: ProbeRequest) async -> ProbeError? {
    do {
        _ = try await prober.probe(request)
        return nil
    } catch {
        return error
    }
}

extension ProberStats {
    /// Idle and leak-free: nothing running or queued, every live handle back on the free list.
    var isIdleWithoutLeaks: Bool { inFlight == 0 && queued == 0 && handlesLive == handlesPooled }
}
