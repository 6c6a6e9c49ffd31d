import Foundation
import Testing

@testable import Monitor

@Test func exampleConfigLoadsWithEveryDocumentedValue() throws {
    let path = repositoryRoot.appendingPathComponent("examples/config.yaml").path
    let config = try ConfigLoader(environment: ["API_TOKEN": "tok-123456"]).load(path: path)
    #expect(config.endpoints.map(\.name) == ["api", "search", "ingest"])
    #expect(config.refresh == .milliseconds(250))
    #expect(config.eventLogSize == 1_000)
    #expect(config.orderedRateLimits.map(\.name) == ["github"])
    #expect(config.rateLimits["github"]?.burst == 10)
    #expect(config.defaults.http.maxConnectionsPerHost == 50)
    #expect(config.serve == ServeSpec(maxConnections: 64, idleTimeout: .seconds(30)))
    let api = try #require(config.endpoint(named: "api"))
    #expect(api.header("authorization") == "Bearer tok-123456")
    #expect(api.header("User-Agent") == "ethotop")
    #expect(api.breaker.failureRate == 0.5)
    #expect(api.breaker.window == .count(20))
    #expect(api.breaker.record == OutcomeKind.defaultRecorded)
    #expect(api.retry.budget == 0.2)
    #expect(api.http.maxBody == 1 << 20)
    let search = try #require(config.endpoint(named: "search"))
    #expect(search.breaker.recoveryTimeout == .seconds(30))
    #expect(search.breaker.failureThreshold == 5)
    #expect(search.expect.status == [StatusRange(200), StatusRange(204)])
    let ingest = try #require(config.endpoint(named: "ingest"))
    #expect(ingest.header("User-Agent") == nil)
    #expect(ingest.retry.maxTries == 1)
    #expect(config.warnings.isEmpty, "\(config.warnings)")
    #expect(!config.description.contains("tok-123456"))
}

/// docs/CONFIG.md and examples/config.yaml mention every key the loader accepts, so neither can
/// silently fall behind the code.
@Test func docsAndExampleCoverEveryKey() throws {
    let docs = try String(
        contentsOf: repositoryRoot.appendingPathComponent("docs/CONFIG.md"), encoding: .utf8)
    let example = try String(
        contentsOf: repositoryRoot.appendingPathComponent("examples/config.yaml"), encoding: .utf8)
    for section in ConfigSection.allCases {
        for key in section.keys {
            #expect(docs.contains("`\(key)`"), "docs/CONFIG.md does not document \(key)")
            #expect(example.contains("\(key):"), "examples/config.yaml does not show \(key)")
        }
    }
    for kind in OutcomeKind.allCases { #expect(docs.contains("`\(kind.rawValue)`")) }
    for kind in ConfigError.Kind.allCases { #expect(docs.contains("`\(kind.rawValue)`")) }
}
