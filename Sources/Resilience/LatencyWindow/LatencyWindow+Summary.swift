import Histogram

extension LatencyWindow {
    /// Percentile ranks computed, in parts per ten thousand: p50, p90, p99, p99.9.
    static let percentileRanks: [Int] = [5_000, 9_000, 9_900, 9_990]

    /// The nearest rank (1-based) of the `partsPerTenThousand` percentile among `count` samples.
    static func rank(partsPerTenThousand: Int, count: Int) -> Int {
        Swift.max(1, (partsPerTenThousand * count + 9_999) / 10_000)
    }

    /// Summarises the samples inside the window at `now`; reading never changes the window.
    ///
    /// Cost: a sort of at most `exactCapacity` values in the exact regime, or a merge of the
    /// live slices' histograms in the histogram regime. `detail: false` skips the histogram bars
    /// and the recent samples (the rate limiter only needs percentiles).
    public func summary(now: Instant, detail: Bool = true) -> LatencyWindowSummary {
        var result = LatencyWindowSummary(window: configuration.window)
        if detail { result.recent = recentSamples }
        guard !slices.isEmpty else { return result }
        var count = 0
        var sum = 0.0
        var minimum = Int64.max
        var maximum: Int64 = 0
        var firstSequence = nextSequence
        forEachLiveSlice(atTick: currentTick(now: now)) { slice in
            count += slice.count
            sum += Double(slice.sum)
            minimum = Swift.min(minimum, slice.min)
            maximum = Swift.max(maximum, slice.max)
            firstSequence = Swift.min(firstSequence, slice.firstSequence)
        }
        guard count > 0 else { return result }
        result.count = count
        result.min = .nanoseconds(minimum)
        result.max = .nanoseconds(maximum)
        result.mean = .nanoseconds(Int64((sum / Double(count)).rounded()))

        let percentiles: [Int64]
        var bars: [Int] = []
        let firstBar = LatencyBucket.index(of: minimum)
        if detail { bars = Array(repeating: 0, count: LatencyBucket.index(of: maximum) - firstBar + 1) }
        if nextSequence - firstSequence <= values.count {
            // Exact: every sample in the window is still in the ring.
            result.isExact = true
            var sorted: [Int64] = []
            sorted.reserveCapacity(count)
            for sequence in firstSequence..<nextSequence {
                sorted.append(values[sequence & (values.count - 1)])
            }
            sorted.sort()
            percentiles = Self.percentileRanks.map {
                sorted[Self.rank(partsPerTenThousand: $0, count: sorted.count) - 1]
            }
            if detail {
                for value in sorted { bars[LatencyBucket.index(of: value) - firstBar] += 1 }
            }
        } else {
            result.isExact = false
            let merged = mergedHistogram(now: now)
            percentiles = Self.histogramPercentiles(merged, minimum: minimum, maximum: maximum)
            if detail {
                for item in merged.recordedValues() {
                    let value = Int64(clamping: merged.lowestEquivalentForValue(item.value))
                    let bar = Swift.max(LatencyBucket.index(of: value) - firstBar, 0)
                    bars[Swift.min(bar, bars.count - 1)] += Int(item.count)
                }
            }
        }
        result.p50 = .nanoseconds(percentiles[0])
        result.p90 = .nanoseconds(percentiles[1])
        result.p99 = .nanoseconds(percentiles[2])
        result.p999 = .nanoseconds(percentiles[3])
        if detail {
            result.buckets = bars.enumerated().map { offset, count in
                LatencyBucket(upperBound: .nanoseconds(LatencyBucket.bounds[firstBar + offset]), count: count)
            }
        }
        return result
    }

    /// The recent samples, oldest first; `nil` for a recorded failure.
    public var recentSamples: [Duration?] {
        guard !recent.isEmpty else { return [] }
        let start = recent.count < configuration.recentCapacity ? 0 : recentNext
        return (0..<recent.count).map { offset in
            let value = recent[(start + offset) % recent.count]
            return value < 0 ? nil : Duration.nanoseconds(value)
        }
    }

    /// The live slices' histograms added together.
    func mergedHistogram(now: Instant) -> Histogram<UInt32> {
        var merged = Self.makeHistogram(highestTrackable: highestTrackableNanoseconds)
        guard histograms.count == configuration.slices else { return merged }
        forEachLiveSlice(atTick: currentTick(now: now)) { slice in
            merged.add(histograms[slotIndex(slice.tick)])
        }
        return merged
    }

    /// p50, p90, p99, p99.9 by nearest rank over `histogram`, each the highest value equivalent to
    /// the ranked sample (so never below it), clamped into the exact `[minimum, maximum]`.
    static func histogramPercentiles(_ histogram: Histogram<UInt32>, minimum: Int64, maximum: Int64)
        -> [Int64]
    {
        let total = Int(histogram.totalCount)
        let ranks = percentileRanks.map { rank(partsPerTenThousand: $0, count: total) }
        var results = [Int64](repeating: maximum, count: ranks.count)
        var next = 0
        for item in histogram.recordedValues() where next < ranks.count {
            while next < ranks.count && ranks[next] <= Int(item.totalCountToThisValue) {
                results[next] = Swift.min(Swift.max(Int64(clamping: item.value), minimum), maximum)
                next += 1
            }
        }
        return results
    }
}
