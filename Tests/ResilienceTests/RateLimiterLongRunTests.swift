import Foundation
import TestSupport
import Testing

@testable import Resilience

/// One simulated run: Poisson arrivals against a state machine ticked exactly at its wake-ups.
private struct Run {
    var grants: [(id: UInt64, at: Instant)] = []
    var predicted: [UInt64: Instant] = [:]
    var rejected = 0
    var expired = 0
    var maxDepth = 0
    var lastArrival = Instant.zero

    init(configuration: RateLimiterConfiguration, attempts: Int, arrivalsPerSecond: Double, seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        var machine = RateLimiterStateMachine(configuration: configuration, now: .zero)
        func gap() -> Duration {
            .nanoseconds(Int64(-log(1 - Double.random(in: 0..<1, using: &rng)) / arrivalsPerSecond * 1e9))
        }
        var nextArrival = Instant.zero + gap()
        var id: UInt64 = 0
        while Int(id) < attempts || machine.queueDepth > 0 {
            let wake = machine.nextWakeUp
            if Int(id) < attempts, wake.map({ nextArrival < $0 }) ?? true {
                id += 1
                switch machine.acquire(id, now: nextArrival) {
                case .granted: grants.append((id, nextArrival))
                case .enqueued(let grantAt, _): predicted[id] = grantAt
                case .rejected: rejected += 1
                }
                maxDepth = max(maxDepth, machine.queueDepth)
                lastArrival = nextArrival
                nextArrival = nextArrival + gap()
            } else if let wake {
                let tick = machine.tick(now: wake)
                grants += tick.granted.map { ($0, wake) }
                expired += tick.rejected.count
            }
        }
    }

    /// Most grants in any closed window `[t, t + length]` that starts at a grant.
    func mostGrants(within length: Duration, halfOpen: Bool = false) -> Int {
        var most = 0
        var end = 0
        for start in grants.indices {
            let limit = grants[start].at + length
            while end < grants.count && (halfOpen ? grants[end].at < limit : grants[end].at <= limit) {
                end += 1
            }
            most = max(most, end - start)
        }
        return most
    }
}

@Suite struct RateLimiterLongRunTests {
    /// 10,000 arrivals at 1.5× the limit over ~11 simulated minutes.
    @Test func rateEnvelopeAndFairnessHoldOverALongRun() throws {
        let configuration = try RateLimiterConfiguration(
            calls: 10, period: .seconds(1), maxQueue: 50, maxWait: .seconds(5))
        let run = Run(configuration: configuration, attempts: 10_000, arrivalsPerSecond: 15, seed: 42)
        // Every attempt accounted for; estimates are kept, so nobody times out in the queue.
        #expect(run.grants.count + run.rejected == 10_000)
        #expect(run.expired == 0)
        #expect(run.maxDepth <= 50)
        #expect(run.rejected > 0)
        // FIFO: permits go out in arrival order, each exactly when it was predicted.
        #expect(zip(run.grants, run.grants.dropFirst()).allSatisfy { $0.id < $1.id })
        #expect(run.grants.allSatisfy { grant in run.predicted[grant.id].map { $0 == grant.at } ?? true })
        // Token-bucket envelope: over any interval T, at most burst + calls × T / period.
        for (length, bound) in [
            (Duration.milliseconds(100), 11), (.milliseconds(500), 15), (.seconds(1), 20),
            (.seconds(10), 110),
        ] {
            #expect(run.mostGrants(within: length) <= bound, "window \(length)")
        }
        // Long-run rate: saturated, so exactly calls per period after the initial burst.
        let last = try #require(run.grants.last).at
        let expected = 10 + Int(Double(last.nanoseconds) / 1e8)
        #expect(
            abs(run.grants.count - expected) <= 1,
            "\(run.grants.count) grants by \(last), expected \(expected)")
    }

    /// With `burst: 1` the limiter paces strictly: never more than `calls` in any period-long window.
    @Test func strictPacingNeverExceedsCallsInAnyPeriod() throws {
        let configuration = try RateLimiterConfiguration(
            calls: 7, period: .seconds(2), burst: 1, maxQueue: 20, maxWait: .seconds(10))
        let run = Run(configuration: configuration, attempts: 10_000, arrivalsPerSecond: 5, seed: 7)
        #expect(run.grants.count + run.rejected == 10_000)
        #expect(run.mostGrants(within: .seconds(2), halfOpen: true) <= 7)
        #expect(zip(run.grants, run.grants.dropFirst()).allSatisfy { $0.id < $1.id })
        // Aligned periods, as resilience4j counts them, obey the same bound.
        var perPeriod: [Int64: Int] = [:]
        for grant in run.grants { perPeriod[grant.at.nanoseconds / 2_000_000_000, default: 0] += 1 }
        #expect(perPeriod.values.allSatisfy { $0 <= 7 })
        let first = try #require(run.grants.first).at
        let last = try #require(run.grants.last).at
        let rate = Double(run.grants.count - 1) / first.duration(to: last).seconds
        #expect(abs(rate - 3.5) / 3.5 < 0.01, "long-run rate \(rate)/s, limit 3.5/s")
    }

    /// Under light load nothing queues or is rejected, and every grant is immediate.
    @Test func lightLoadIsNeverDelayed() throws {
        let configuration = try RateLimiterConfiguration(calls: 100, period: .seconds(1))
        let run = Run(configuration: configuration, attempts: 2_000, arrivalsPerSecond: 5, seed: 3)
        #expect(run.rejected == 0)
        #expect(run.maxDepth == 0)
        #expect(run.grants.count == 2_000)
    }
}
