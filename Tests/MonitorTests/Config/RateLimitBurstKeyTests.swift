import Resilience
import Testing

@testable import Monitor

/// `rate_limits.<name>.burst`: the token bucket's capacity.
@Suite struct RateLimitBurstKeyTests {
    static func config(_ github: String) -> String {
        """
        rate_limits:
          github: \(github)
        endpoints:
          - { name: api, url: "https://api.test/", rate_limit: github }
          - { name: web, url: "https://web.test/" }
        """
    }

    @Test func unsetMeansCalls() throws {
        let config = try loadConfig(Self.config("{ calls: 10, period: 1s }"))
        let spec = try #require(config.rateLimits["github"])
        #expect(spec.burst == nil)
        #expect(spec.effectiveBurst == 10)
        #expect(try spec.rateLimiterConfiguration().burst == 10)
        #expect(
            ConfigSummary(config).rateLimitLines == [
                "github: 10 per 1s, burst 10, queue 100, max wait 5s; used by api"
            ])
    }

    @Test func setReachesTheLimiterConfiguration() throws {
        let config = try loadConfig(Self.config("{ calls: 10, period: 1s, burst: 1, max_queue: 3 }"))
        let spec = try #require(config.rateLimits["github"])
        #expect(spec.burst == 1)
        #expect(spec.effectiveBurst == 1)
        let limiter = try spec.rateLimiterConfiguration()
        #expect(limiter.burst == 1)
        #expect(limiter.calls == 10)
        #expect(limiter.maxQueue == 3)
        // Larger than calls is allowed: a bigger bucket, the same long-run rate.
        let large = try loadConfig(Self.config("{ calls: 2, period: 1m, burst: 50 }"))
        #expect(try large.rateLimits["github"]?.rateLimiterConfiguration().burst == 50)
    }

    @Test func zeroIsAnInvalidValueAtItsPosition() throws {
        let errors = configErrors(Self.config("{ calls: 10, period: 1s, burst: 0 }"))
        #expect(errors.count == 1, "\(errors)")
        let error = try #require(errors.first)
        #expect(error.kind == .invalidValue)
        #expect(error.line == 2 && error.column == 43, "\(error)")
        #expect(error.message.hasPrefix("burst must be"), "\(error)")
        #expect(error.hint?.contains("idle spell") == true, "\(error)")
        #expect(error.description.hasPrefix("test.yaml:2:43: "))
    }

    @Test func aDurationIsAWrongTypeWithAHint() throws {
        let errors = configErrors(Self.config("{ calls: 10, period: 1s, burst: 2s }"))
        #expect(errors.map(\.kind) == [.wrongType], "\(errors)")
        #expect(errors.first?.line == 2)
        #expect(errors.first?.column == 43)
        #expect(errors.first?.hint == "burst is a count, not a duration")
    }

    @Test func aReloadThatChangesItRebuildsTheLimiterAndItsEndpoints() throws {
        let old = try loadConfig(Self.config("{ calls: 10, period: 1s }"))
        let new = try loadConfig(Self.config("{ calls: 10, period: 1s, burst: 1 }"))
        let diff = ConfigDiff(old: old, new: new)
        #expect(diff.rateLimitsChanged == ["github"])
        #expect(diff.changed == [.init(name: "api", parts: [.rateLimit])])
        #expect(diff.unchanged == ["web"])
        #expect(
            ConfigDiff(old: new, new: try loadConfig(Self.config("{ calls: 10, period: 1s, burst: 1 }")))
                .isEmpty)
    }
}
