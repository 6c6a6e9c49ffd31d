import Resilience

/// Latency-window rows: `record` (once per probe) in both storage regimes and through the
/// thread-safe owner, and `summary` (once per dashboard refresh per endpoint).
enum LatencyCases {
    static func cases() -> [BenchCase] {
        [
            recordExact(), recordHistogram(), trackerRecord(), summaryExact(), summaryHistogram(),
        ]
    }

    /// A latency in the range a probe sees (1–100 ms), varying so the histogram is not one bucket.
    @inline(__always)
    static func latency(_ i: Int) -> Int64 { 1_000_000 + Int64(i & 1023) * 97_000 }

    /// `record(nanoseconds:now:)` at one sample a second: the exact regime, with the window
    /// rolling onto a new 5 s slice every fifth sample. The window is a local of the body.
    static func recordExact() -> BenchCase {
        BenchCase(
            id: "latency.record.exact", group: "latency",
            label: "`LatencyWindow.record(nanoseconds:now:)`, exact regime (1 sample/s)", role: .hotPath,
            kind: .sync { n in
                var window = LatencyWindow()
                var now = Instant.zero
                for i in 0..<n {
                    now.nanoseconds &+= 1_000_000_000
                    window.record(nanoseconds: latency(i), now: now)
                }
                blackHole(window.count(now: now))
            })
    }

    /// The same at ten million samples a second: the histogram regime (a ring write plus one
    /// HdrHistogram increment per sample).
    static func recordHistogram() -> BenchCase {
        BenchCase(
            id: "latency.record.histogram", group: "latency",
            label: "`LatencyWindow.record(nanoseconds:now:)`, histogram regime", role: .hotPath,
            kind: .sync { n in
                var window = LatencyWindow()
                var instants = Instants()
                var now = Instant.zero
                for i in 0..<n {
                    now = instants.next()
                    window.record(nanoseconds: latency(i), now: now)
                }
                blackHole(window.count(now: now))
            })
    }

    /// `LatencyTracker.record(_:)`: the engine's call, with its `Mutex`, a `SystemClock` read and
    /// the `Duration` conversion (histogram regime, since it records far above 8 samples/s).
    static func trackerRecord() -> BenchCase {
        let tracker = LatencyTracker()
        return BenchCase(
            id: "latency.tracker.record", group: "latency",
            label: "`LatencyTracker.record(_:)` (lock + clock read + `Duration`)", role: .hotPath,
            kind: .sync { n in
                for i in 0..<n { tracker.record(.nanoseconds(latency(i))) }
                blackHole(tracker)
            })
    }

    /// `summary(now:)` of a window holding 60 samples (one a second for a minute): a sort of 60.
    static func summaryExact() -> BenchCase {
        var window = LatencyWindow()
        for second in 1...60 {
            window.record(
                nanoseconds: latency(second * 37), now: Instant(nanoseconds: Int64(second) * 1_000_000_000))
        }
        let now = Instant(nanoseconds: 60_500_000_000)
        return summary(
            id: "latency.summary.exact", label: "exact regime, 60 samples", window: window, now: now)
    }

    /// `summary(now:)` of a window in the histogram regime (100 samples/s for a minute): a merge
    /// of 12 per-slice HdrHistograms.
    static func summaryHistogram() -> BenchCase {
        var window = LatencyWindow()
        var now = Instant.zero
        for i in 0..<6_000 {
            now.nanoseconds &+= 10_000_000
            window.record(nanoseconds: latency(i), now: now)
        }
        return summary(
            id: "latency.summary.histogram", label: "histogram regime, 6,000 samples", window: window,
            now: now)
    }

    /// Summaries are read once per dashboard refresh per endpoint, not once per call: reported,
    /// not held to the per-call goal.
    private static func summary(id: String, label: String, window: LatencyWindow, now: Instant) -> BenchCase {
        BenchCase(
            id: id, group: "latency", label: "`LatencyWindow.summary(now:)`, \(label)", role: .reported,
            kind: .sync { n in
                var sink: Int64 = 0
                for _ in 0..<n { sink &+= window.summary(now: now).p99.nanoseconds }
                blackHole(sink)
            })
    }
}
