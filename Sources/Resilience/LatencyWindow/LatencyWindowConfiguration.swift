/// How a ``LatencyWindow`` slices time, how many raw samples it keeps, and what it shows.
///
/// The defaults fit the dashboard's budget: at one probe a second over 60 s a window stays well
/// under 8 KiB (see docs/RESILIENCE.md, "Latency window"), so 10,000 endpoints fit in 200 MB.
/// Out-of-range values are clamped (documented per property) rather than rejected, because a
/// window is an observer: a bad value must never stop the engine.
public struct LatencyWindowConfiguration: Sendable, Hashable {
    /// How far back the percentiles look (default 60 s; at least 1 ms).
    public var window: Duration
    /// How many time slices the window is cut into (default 12, i.e. 5 s slices; 1...600).
    ///
    /// The window rolls one slice at a time, so it covers between `window × (slices − 1) / slices`
    /// and `window` of history. More slices roll more smoothly and cost more memory in the
    /// histogram regime (one HdrHistogram per slice).
    public var slices: Int
    /// Raw samples kept for exact percentiles (default 512; rounded up to a power of two, 16...65,536).
    ///
    /// While the window holds at most this many samples, percentiles are exact (a sort of the raw
    /// values). Beyond it the window switches to per-slice HdrHistograms (error ≤ 1/128 of the value),
    /// and back again once the window holds at most half of it.
    public var exactCapacity: Int
    /// Recent samples kept for sparklines regardless of the window (default 60; 0...4,096).
    public var recentCapacity: Int
    /// Largest latency the histogram regime resolves (default 60 s); larger samples count as this
    /// value in percentiles, while `max` and `mean` stay exact.
    public var highestTrackable: Duration

    /// Creates a configuration; see each property for its default and its clamped range.
    public init(
        window: Duration = .seconds(60), slices: Int = 12, exactCapacity: Int = 512, recentCapacity: Int = 60,
        highestTrackable: Duration = .seconds(60)
    ) {
        self.window = max(window, .milliseconds(1))
        self.slices = min(max(slices, 1), 600)
        let capacity = min(max(exactCapacity, 16), 65_536)
        self.exactCapacity = 1 << (Int.bitWidth - (capacity - 1).leadingZeroBitCount)
        self.recentCapacity = min(max(recentCapacity, 0), 4_096)
        self.highestTrackable = max(highestTrackable, .milliseconds(1))
    }

    /// The length of one slice in nanoseconds (at least 1).
    var sliceNanoseconds: Int64 { max(window.nanoseconds / Int64(slices), 1) }
}
