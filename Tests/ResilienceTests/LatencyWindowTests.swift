import Foundation
import TestSupport
import Testing

@testable import Resilience

/// Log-uniform latencies between 50 µs and 5 s: the spread a probe sees across healthy and sick services.
private func randomLatency(_ rng: inout SplitMix64) -> Duration {
    let exponent = Double.random(in: log(50_000.0)...log(5_000_000_000.0), using: &rng)
    return .nanoseconds(Int64(exp(exponent)))
}

/// Nearest-rank percentile of `sorted` (ascending), as the window defines it.
private func exactPercentile(_ sorted: [Int64], partsPerTenThousand: Int) -> Int64 {
    let rank = max(1, (partsPerTenThousand * sorted.count + 9_999) / 10_000)
    return sorted[rank - 1]
}

private func at(_ seconds: Double) -> Instant { Instant(nanoseconds: Int64(seconds * 1e9)) }

@Suite struct LatencyWindowTests {
    @Test func emptyWindowSummarisesToZeroes() {
        let window = LatencyWindow()
        let summary = window.summary(now: at(10))
        #expect(summary.count == 0)
        #expect(summary.p99 == .zero)
        #expect(summary.buckets.isEmpty)
        #expect(summary.recent.isEmpty)
        #expect(window.footprintBytes == MemoryLayout<LatencyWindow>.size)
    }

    @Test func exactRegimeMatchesSortedPercentilesExactly() {
        var rng = SplitMix64(seed: 1)
        var window = LatencyWindow()
        var samples: [Int64] = []
        for index in 0..<400 {
            let latency = randomLatency(&rng)
            samples.append(latency.nanoseconds)
            window.record(latency, now: at(Double(index) * 0.1))
        }
        let summary = window.summary(now: at(40))
        let sorted = samples.sorted()
        #expect(summary.isExact)
        #expect(!window.isHistogramRegime)
        #expect(summary.count == 400)
        #expect(summary.p50.nanoseconds == exactPercentile(sorted, partsPerTenThousand: 5_000))
        #expect(summary.p90.nanoseconds == exactPercentile(sorted, partsPerTenThousand: 9_000))
        #expect(summary.p99.nanoseconds == exactPercentile(sorted, partsPerTenThousand: 9_900))
        #expect(summary.p999.nanoseconds == exactPercentile(sorted, partsPerTenThousand: 9_990))
        #expect(summary.min.nanoseconds == sorted.first)
        #expect(summary.max.nanoseconds == sorted.last)
        let mean = Double(samples.reduce(0, +)) / Double(samples.count)
        #expect(abs(Double(summary.mean.nanoseconds) - mean) <= 1)
    }

    @Test(arguments: [7 as UInt64, 8, 9])
    func histogramRegimeIsWithinOnePercentOfExact(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        var window = LatencyWindow()
        var samples: [Int64] = []
        // 20,000 samples in 50 s: far beyond the 512 raw samples, so histograms answer.
        for index in 0..<20_000 {
            let latency = randomLatency(&rng)
            samples.append(latency.nanoseconds)
            window.record(latency, now: at(Double(index) * 0.0025))
        }
        let summary = window.summary(now: at(50))
        #expect(window.isHistogramRegime)
        #expect(!summary.isExact)
        #expect(summary.count == 20_000)
        let sorted = samples.sorted()
        let pairs: [(Duration, Int)] = [
            (summary.p50, 5_000), (summary.p90, 9_000), (summary.p99, 9_900), (summary.p999, 9_990),
        ]
        for (reported, parts) in pairs {
            let exact = Double(exactPercentile(sorted, partsPerTenThousand: parts))
            let error = (Double(reported.nanoseconds) - exact) / exact
            #expect(error >= 0 && error <= 0.01, "p\(Double(parts) / 100): \(reported) vs exact \(exact) ns")
        }
        #expect(summary.max.nanoseconds == sorted.last)
        #expect(summary.min.nanoseconds == sorted.first)
    }

    @Test func slicesExpireWholeAsTheWindowRolls() {
        // 60 s window in 12 slices of 5 s; one sample a second, value = its second (in ms).
        var window = LatencyWindow()
        for second in 0..<60 { window.record(.milliseconds(second), now: at(Double(second))) }
        #expect(window.count(now: at(59.5)) == 60)
        // At t = 60 the slice [0, 5) leaves: samples 5...59 remain.
        let rolled = window.summary(now: at(60))
        #expect(rolled.count == 55)
        #expect(rolled.min == .milliseconds(5))
        #expect(window.count(now: at(64.9)) == 55)
        #expect(window.count(now: at(65)) == 50)
        #expect(window.count(now: at(100)) == 15)
        // A full window after the last sample, nothing is left, and reading did not change the window.
        #expect(window.count(now: at(119.999)) == 0)
        #expect(window.summary(now: at(200)).count == 0)
        #expect(window.count(now: at(59.5)) == 60)
    }

    @Test func newRecordsAfterIdleStartFreshSlices() {
        var window = LatencyWindow()
        for second in 0..<30 { window.record(.seconds(2), now: at(Double(second))) }
        for second in 200..<210 { window.record(.milliseconds(10), now: at(Double(second))) }
        let summary = window.summary(now: at(210))
        #expect(summary.count == 10)
        #expect(summary.max == .milliseconds(10))
        #expect(summary.p999 == .milliseconds(10))
    }

    @Test func histogramRegimeExpiresAndReturnsToExact() {
        var window = LatencyWindow()
        for index in 0..<3_000 { window.record(.milliseconds(20 + index % 7), now: at(Double(index) * 0.01)) }
        #expect(window.isHistogramRegime)
        let burstFootprint = window.footprintBytes
        // Slow again: one sample a second for two minutes.
        for second in 31..<151 { window.record(.milliseconds(5), now: at(Double(second))) }
        #expect(!window.isHistogramRegime)
        let summary = window.summary(now: at(151))
        #expect(summary.isExact)
        #expect(summary.max == .milliseconds(5))
        #expect(window.footprintBytes < burstFootprint / 10)
    }

    @Test func histogramRegimeExpiresSlicesToo() {
        var window = LatencyWindow()
        // 10 s of 1 s latencies at 200/s, then 50 s of 10 ms at 200/s.
        for index in 0..<2_000 { window.record(.seconds(1), now: at(Double(index) * 0.005)) }
        for index in 2_000..<12_000 { window.record(.milliseconds(10), now: at(Double(index) * 0.005)) }
        #expect(window.isHistogramRegime)
        let before = window.summary(now: at(60))
        #expect(before.count == 11_000)  // [5 s, 60 s): half the slow samples remain
        #expect(before.max == .seconds(1))
        let after = window.summary(now: at(70))  // window [15 s, 70 s): fast samples only
        #expect(after.count == 9_000)
        #expect(after.max == .milliseconds(10))
        #expect(after.p999.nanoseconds <= Duration.milliseconds(10).nanoseconds)
    }

    @Test func ringGrowthKeepsEverySampleExact() {
        var window = LatencyWindow()
        var samples: [Int64] = []
        // 500 samples in one 5 s slice: the ring doubles 64 → 512 and stays exact.
        for index in 0..<500 {
            let value = Int64((index * 7_919) % 1_000 + 1) * 1_000
            samples.append(value)
            window.record(.nanoseconds(value), now: at(Double(index) * 0.01))
        }
        let summary = window.summary(now: at(5))
        #expect(summary.isExact)
        #expect(summary.count == 500)
        let sorted = samples.sorted()
        #expect(summary.p90.nanoseconds == exactPercentile(sorted, partsPerTenThousand: 9_000))
        #expect(summary.p999.nanoseconds == exactPercentile(sorted, partsPerTenThousand: 9_990))
    }

    @Test func bucketsCoverMinToMaxAndCountEverySample() {
        var rng = SplitMix64(seed: 3)
        for total in [300, 5_000] {  // both regimes
            var window = LatencyWindow()
            for index in 0..<total { window.record(randomLatency(&rng), now: at(Double(index) * 0.005)) }
            let summary = window.summary(now: at(Double(total) * 0.005))
            #expect(summary.buckets.reduce(0) { $0 + $1.count } == summary.count)
            #expect(
                zip(summary.buckets, summary.buckets.dropFirst()).allSatisfy { $0.upperBound < $1.upperBound }
            )
            guard let first = summary.buckets.first, let last = summary.buckets.last else {
                Issue.record("no buckets for \(total) samples")
                continue
            }
            #expect(first.upperBound >= summary.min)
            #expect(last.upperBound >= summary.max)
            #expect(summary.buckets.count >= 2)
        }
    }

    @Test func recentRingKeepsTheLastSamplesOldestFirstWithGaps() {
        var window = LatencyWindow(configuration: .init(recentCapacity: 5))
        for index in 1...7 {
            if index == 6 {
                window.recordFailure()
            } else {
                window.record(.milliseconds(index), now: at(Double(index)))
            }
        }
        let recent = window.summary(now: at(8)).recent
        #expect(recent == [.milliseconds(3), .milliseconds(4), .milliseconds(5), nil, .milliseconds(7)])
        #expect(window.count(now: at(8)) == 6)
    }

    @Test func outOfOrderAndNegativeInputsAreTolerated() {
        var window = LatencyWindow()
        window.record(.milliseconds(3), now: at(20))
        window.record(.milliseconds(4), now: at(2))  // an instant read before another thread's record
        window.record(.milliseconds(-1), now: at(21))
        let summary = window.summary(now: at(21))
        #expect(summary.count == 3)
        #expect(summary.min == .zero)
        #expect(window.count(now: at(76)) == 3)
        #expect(window.count(now: at(80)) == 0)
    }

    @Test func trackerCountsEveryConcurrentRecord() async {
        let clock = ManualClock(start: at(1))
        let tracker = LatencyTracker(clock: clock)
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask {
                    for index in 0..<250 { tracker.record(.microseconds(100 + task * 250 + index)) }
                }
            }
        }
        tracker.recordFailure()
        let summary = tracker.summary()
        #expect(summary.count == 2_000)
        #expect(summary.min == .microseconds(100))
        #expect(summary.max == .microseconds(2_099))
        #expect(summary.recent.count == 60)
        #expect(summary.recent.last == .some(nil))
        clock.advance(by: .seconds(61))
        #expect(tracker.summary().count == 0)
    }
}
