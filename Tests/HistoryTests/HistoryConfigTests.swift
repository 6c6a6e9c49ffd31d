import Monitor
import Testing

/// The config's `history:` section: values, defaults, and errors at FILE:LINE:COL.
@Suite struct HistoryConfigTests {
    static let endpoints = "endpoints:\n  - { name: a, url: \"http://127.0.0.1:9/\" }\n"

    @Test func readsTheSectionAndKeepsDefaults() throws {
        let loader = ConfigLoader(environment: [:])
        let config = try loader.parse(
            yaml: "history:\n  file: /tmp/x.db\n  retention: 48h\n  bucket: 30s\n" + Self.endpoints,
            sourcePath: "c.yaml")
        #expect(
            config.history
                == HistorySpec(file: "/tmp/x.db", retention: .seconds(48 * 3_600), bucket: .seconds(30)))
        let defaults = try loader.parse(yaml: Self.endpoints, sourcePath: "c.yaml")
        #expect(defaults.history == HistorySpec())
    }

    @Test func reportsBadValuesWithTheirPosition() throws {
        let loader = ConfigLoader(environment: [:])
        for (yaml, expected) in [
            ("history:\n  bucket: 7s\n", "c.yaml:2:11: history bucket must divide a minute evenly"),
            ("history:\n  retention: 5m\n", "c.yaml:2:14: retention must be between 1h and"),
            ("history:\n  fiel: x\n", "c.yaml:2:3:"),
            ("history: 3\n", "c.yaml:1:10:"),
        ] {
            do {
                _ = try loader.parse(yaml: yaml + Self.endpoints, sourcePath: "c.yaml")
                Issue.record("accepted \(yaml)")
            } catch {
                let messages = error.errors.map(\.description)
                #expect(messages.contains { $0.hasPrefix(expected) }, "\(messages)")
            }
        }
    }
}
