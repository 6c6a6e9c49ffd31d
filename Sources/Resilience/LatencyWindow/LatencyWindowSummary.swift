/// What a ``LatencyWindow`` shows at one instant: percentiles, exact extremes, a histogram and
/// the recent samples.
///
/// Percentiles use the nearest-rank definition (the smallest sample with at least p % of the
/// samples at or below it). They are exact while the window is in the exact regime
/// (`isExact`), and within 1/128 of the value (never below it) in the histogram regime.
public struct LatencyWindowSummary: Sendable, Equatable {
    /// Samples in the window.
    public var count: Int
    /// Smallest sample in the window (exact).
    public var min: Duration
    /// Largest sample in the window (exact).
    public var max: Duration
    /// Mean of the samples in the window (exact).
    public var mean: Duration
    /// Median.
    public var p50: Duration
    /// 90th percentile.
    public var p90: Duration
    /// 99th percentile.
    public var p99: Duration
    /// 99.9th percentile.
    public var p999: Duration
    /// The configured window length.
    public var window: Duration
    /// Whether the percentiles were computed from raw samples (exact) rather than histograms.
    public var isExact: Bool
    /// Histogram bars for a detail pane, ascending, from the bar holding `min` to the bar holding
    /// `max` (empty bars in between included). Empty unless asked for.
    public var buckets: [LatencyBucket]
    /// The most recent samples, oldest first, regardless of the window; `nil` marks a failure.
    /// Empty unless asked for.
    public var recent: [Duration?]

    /// Creates a summary.
    public init(
        count: Int = 0, min: Duration = .zero, max: Duration = .zero, mean: Duration = .zero,
        p50: Duration = .zero, p90: Duration = .zero, p99: Duration = .zero, p999: Duration = .zero,
        window: Duration = .seconds(60), isExact: Bool = true, buckets: [LatencyBucket] = [],
        recent: [Duration?] = []
    ) {
        self.count = count
        self.min = min
        self.max = max
        self.mean = mean
        self.p50 = p50
        self.p90 = p90
        self.p99 = p99
        self.p999 = p999
        self.window = window
        self.isExact = isExact
        self.buckets = buckets
        self.recent = recent
    }
}

/// One bar of a latency histogram: samples in `(previous bar's upperBound, upperBound]`.
///
/// Bounds follow a 1–1.5–2–3–5–7 series per decade from 1 µs, so the bars carry readable
/// labels ("15 ms", "300 ms") instead of HdrHistogram's binary bucket edges.
public struct LatencyBucket: Sendable, Equatable {
    /// Upper bound of the bar (inclusive).
    public var upperBound: Duration
    /// Samples in the bar.
    public var count: Int

    /// Creates a bar.
    public init(upperBound: Duration, count: Int) {
        self.upperBound = upperBound
        self.count = count
    }

    /// The bar upper bounds in nanoseconds, 1 µs to 7,000 s.
    static let bounds: [Int64] = {
        var bounds: [Int64] = []
        var decade: Int64 = 1_000
        for _ in 0..<10 {
            for mantissa: Int64 in [10, 15, 20, 30, 50, 70] { bounds.append(decade * mantissa / 10) }
            decade *= 10
        }
        return bounds
    }()

    /// Index of the first bound at or above `nanoseconds` (the last bar catches everything larger).
    static func index(of nanoseconds: Int64) -> Int {
        var low = 0
        var high = bounds.count - 1
        while low < high {
            let middle = (low + high) / 2
            if bounds[middle] >= nanoseconds { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
