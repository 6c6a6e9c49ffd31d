import ChaosServer
import Testing

@Suite("ChaosScenario")
struct ChaosScenarioTests {
    @Test("the demo scenario's names are unique and two endpoints share a rate-limit group")
    func demoShape() {
        let demo = ChaosScenario.demo
        #expect(Set(demo.endpoints.map(\.name)).count == demo.endpoints.count)
        #expect(demo.paths.count == demo.endpoints.count)
        let grouped = Dictionary(grouping: demo.endpoints.compactMap(\.rateLimitGroup), by: { $0 })
        #expect(grouped.values.contains { $0.count == 2 })
        #expect(demo.endpoints.contains { $0.path.hasPrefix("/outage/") && $0.path.contains("every=45s") })
    }

    @Test("every demo endpoint is served (no 404, no 400) and url(for:) resolves names")
    func demoPathsAreServed() async throws {
        let server = try await ChaosServer.start(scenario: .demo)
        do {
            for endpoint in ChaosScenario.demo.endpoints {
                let reply = try #require(try await server.get(endpoint.path), "\(endpoint.name)")
                #expect(![400, 404].contains(reply.status), "\(endpoint.name) → \(reply.status)")
                #expect(server.url(for: endpoint.name) == server.baseURL + endpoint.path)
            }
        } catch {
            try? await server.stop()
            throw error
        }
        try await server.stop()
    }
}
