@testable import ChaosServer
import Resilience
import Testing

@Suite("TokenBucket")
struct TokenBucketTests {
    @Test("bursts to capacity, then refills at rate, reporting the wait")
    func refill() throws {
        var bucket = try #require(TokenBucket(rate: 2, capacity: 3, now: .zero))
        #expect(bucket.take(now: .zero) == .allow(remaining: 2))
        #expect(bucket.take(now: .zero) == .allow(remaining: 1))
        #expect(bucket.take(now: .zero) == .allow(remaining: 0))
        #expect(bucket.take(now: .zero) == .reject(retryAfter: .milliseconds(500)))
        let later = Instant.zero + .milliseconds(500)
        #expect(bucket.take(now: later) == .allow(remaining: 0))
        // Idle for a long time: never more than capacity.
        let much = later + .seconds(60)
        for _ in 0..<3 { guard case .allow = bucket.take(now: much) else { Issue.record("refused"); return } }
        guard case .reject = bucket.take(now: much) else { Issue.record("exceeded capacity"); return }
    }

    @Test("rejects non-positive limits")
    func validation() {
        #expect(TokenBucket(rate: 0, capacity: 1, now: .zero) == nil)
        #expect(TokenBucket(rate: 1, capacity: 0.5, now: .zero) == nil)
    }
}
