import Testing

@testable import Monitor

/// `serve:`: the bounds of `ethotop serve`'s listener.
@Suite struct ServeKeyTests {
    @Test func unsetKeysStayUnsetForTheListenersDefaults() throws {
        let config = try loadConfig(
            """
            endpoints:
              - { name: api, url: "https://api.test/" }
            """)
        #expect(config.serve == ServeSpec())
    }

    @Test func bothKeysAreRead() throws {
        let config = try loadConfig(
            """
            serve: { max_connections: 8, idle_timeout: 1500ms }
            endpoints:
              - { name: api, url: "https://api.test/" }
            """)
        #expect(config.serve == ServeSpec(maxConnections: 8, idleTimeout: .milliseconds(1_500)))
    }

    @Test func outOfRangeValuesAndUnknownKeysAreErrorsAtTheirPosition() throws {
        let errors = configErrors(
            """
            serve:
              max_connections: 0
              idle_timeout: 5
              max_conections: 3
            endpoints:
              - { name: api, url: "https://api.test/" }
            """
        ).sorted { $0.line < $1.line }
        #expect(errors.map(\.line) == [2, 3, 4], "\(errors)")
        #expect(errors.map(\.kind) == [.invalidValue, .invalidValue, .unknownKey], "\(errors)")
        #expect(errors.last?.hint == "did you mean \"max_connections\"?", "\(errors)")
    }
}
