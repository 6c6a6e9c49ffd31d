import Probe
import Testing

@testable import Monitor

/// `http.max_connections_per_host`: how many connections one origin may hold in the shared pool.
@Suite struct MaxConnectionsPerHostKeyTests {
    @Test func unsetMeansHalfOfMaxConnections() throws {
        let config = try loadConfig(
            """
            defaults:
              http: { max_connections: 40 }
            endpoints:
              - { name: api, url: "https://api.test/" }
            """)
        #expect(config.defaults.http.maxConnectionsPerHost == nil)
        #expect(config.defaults.http.effectiveMaxConnectionsPerHost == 20)
        #expect(config.defaults.http.proberConfiguration.maxConnectionsPerHost == 20)
        let api = try #require(config.endpoint(named: "api"))
        #expect(api.policyLines.contains("http.max_connections_per_host: 20"))
    }

    @Test func setInDefaultsReachesThePoolAndEveryEndpoint() throws {
        let config = try loadConfig(
            """
            defaults:
              http: { max_connections: 40, max_connections_per_host: 5 }
            endpoints:
              - { name: api, url: "https://api.test/" }
              - { name: web, url: "https://web.test/", http: { max_body: 1KiB } }
            """)
        #expect(config.defaults.http.maxConnectionsPerHost == 5)
        let pool = config.defaults.http.proberConfiguration
        #expect(pool.maxConnections == 40)
        #expect(pool.maxConnectionsPerHost == 5)
        // Mappings merge key by key: an endpoint's own http keys keep the default's per-host limit.
        #expect(config.endpoints.map(\.http.maxConnectionsPerHost) == [5, 5])
        #expect(config.endpoints.map(\.http.maxBody) == [1 << 20, 1_024])
    }

    /// A per-host limit as large as the pool is no limit beyond the total.
    @Test func equalToMaxConnectionsLiftsThePerHostLimit() throws {
        let config = try loadConfig(
            """
            defaults:
              http: { max_connections: 8, max_connections_per_host: 8, max_keepalive_connections: 8 }
            endpoints:
              - { name: api, url: "https://api.test/" }
            """)
        #expect(config.defaults.http.effectiveMaxConnectionsPerHost == 8)
        #expect(config.defaults.http.proberConfiguration.maxConnectionsPerHost == nil)
        #expect(
            HTTPSpec(maxConnections: 8, maxConnectionsPerHost: 3).proberConfiguration.maxConnectionsPerHost
                == 3)
    }

    /// Above `max_connections` in `defaults:` is one error at its own line and column, not one
    /// per endpoint.
    @Test func aboveMaxConnectionsInDefaultsIsOneErrorAtItsPosition() throws {
        let yaml = """
            defaults:
              http:
                max_connections: 10
                max_connections_per_host: 12
            endpoints:
              - { name: a, url: "https://a.test/" }
              - { name: b, url: "https://b.test/" }
            """
        let errors = configErrors(yaml)
        #expect(errors.count == 1, "\(errors)")
        let error = try #require(errors.first)
        #expect(error.kind == .unreachable)
        #expect(error.line == 4 && error.column == 31, "\(error)")
        #expect(error.message == "max_connections_per_host (12) is more than max_connections (10)")
        #expect(error.hint?.contains("at most 10") == true, "\(error)")
        #expect(error.description.hasPrefix("test.yaml:4:31: "))
    }

    @Test func aReloadThatChangesItIsAnHTTPChange() throws {
        func config(_ perHost: Int) throws -> MonitorConfig {
            try loadConfig(
                """
                defaults:
                  http: { max_connections: 10, max_connections_per_host: \(perHost) }
                endpoints:
                  - { name: api, url: "https://api.test/" }
                """)
        }
        let diff = ConfigDiff(old: try config(5), new: try config(2))
        #expect(diff.changed == [.init(name: "api", parts: [.http])])
        #expect(diff.unchanged.isEmpty)
        #expect(ConfigDiff(old: try config(5), new: try config(5)).isEmpty)
    }
}
