import Testing

@testable import Monitor

@Suite struct ConfigDiffTests {
    static let old = """
        rate_limits:
          shared: { calls: 5, period: 1s }
          other: { calls: 5, period: 1s }
        endpoints:
          - { name: same, url: "https://same.test/" }
          - { name: timing, url: "https://t.test/" }
          - { name: policy, url: "https://p.test/", breaker: { failure_threshold: 3 } }
          - { name: limited, url: "https://l.test/", rate_limit: shared }
          - { name: secret, url: "https://s.test/", headers: { Authorization: "${TOKEN}" } }
          - { name: gone, url: "https://g.test/" }
        """
    static let new = """
        rate_limits:
          shared: { calls: 50, period: 1s }
          other: { calls: 5, period: 1s }
        endpoints:
          - { name: fresh, url: "https://f.test/" }
          - { name: same, url: "https://same.test/" }
          - { name: timing, url: "https://t.test/", interval: 1s }
          - { name: policy, url: "https://p.test/", breaker: { failure_threshold: 4 }, retry: { max_tries: 1 } }
          - { name: limited, url: "https://l.test/", rate_limit: shared }
          - { name: secret, url: "https://s.test/", headers: { Authorization: "${TOKEN}" } }
        """

    @Test func classifiesEveryEndpoint() throws {
        let old = try loadConfig(Self.old, environment: ["TOKEN": "a"])
        let new = try loadConfig(Self.new, environment: ["TOKEN": "b"])
        let diff = ConfigDiff(old: old, new: new)
        #expect(diff.unchanged == ["same"])
        #expect(diff.added == ["fresh"])
        #expect(diff.removed == ["gone"])
        #expect(
            diff.changed == [
                .init(name: "timing", parts: [.timing]), .init(name: "policy", parts: [.breaker, .retry]),
                .init(name: "limited", parts: [.rateLimit]), .init(name: "secret", parts: [.request]),
            ])
        #expect(diff.rateLimitsChanged == ["shared"])
        #expect(!diff.isEmpty)
        // The description names the secret endpoint but never the values.
        #expect(diff.description.contains("policy: breaker, retry"))
    }

    @Test func identicalConfigsHaveAnEmptyDiff() throws {
        let config = try loadConfig(Self.old, environment: ["TOKEN": "a"])
        let diff = ConfigDiff(old: config, new: config)
        #expect(diff.isEmpty)
        #expect(diff.unchanged.count == 6)
    }
}
