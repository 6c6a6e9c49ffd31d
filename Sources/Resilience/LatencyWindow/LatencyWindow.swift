import Histogram

/// Latency percentiles over a rolling time window, with bounded memory and a cheap `record`.
///
/// A value type with no clock and no lock: the owner passes `now` (see ``LatencyTracker`` for a
/// thread-safe owner). Time is cut into ``LatencyWindowConfiguration/slices`` slices; a slice
/// leaves the window whole, so the window rolls one slice at a time.
///
/// Two storage regimes, chosen by how many samples the window holds (docs/RESILIENCE.md):
/// - **exact** (at most `exactCapacity` samples, the usual case for probes): raw samples in a ring
///   that grows by doubling from 64 slots; percentiles are exact (nearest rank over a sort).
///   At one sample a second over 60 s the whole window is about 1.9 KiB.
/// - **histogram** (more samples than that): additionally one 2-significant-digit HdrHistogram per
///   slice, merged on read; percentile error ≤ 1/128 (0.8 %) of the value above 12.8 µs and
///   ≤ 128 ns below. About 12 KiB per slice; released again when the rate drops.
///
/// `count`, `min`, `max` and `mean` are exact in both regimes (kept per slice).
public struct LatencyWindow: Sendable {
    /// One time slice's exact statistics, and where its samples start in the ring.
    struct Slice: Sendable {
        /// Which slice of the timeline (`now / sliceNanoseconds`); `.min` when never used.
        var tick: Int64 = .min
        /// Sequence number of the slice's first sample.
        var firstSequence: Int = 0
        var count: Int = 0
        var sum: Int64 = 0
        var min: Int64 = .max
        var max: Int64 = 0
    }

    /// The configuration the window was made with.
    public let configuration: LatencyWindowConfiguration
    let sliceNanoseconds: Int64
    /// One entry per slice, indexed by `tick mod slices`; allocated on the first record.
    var slices: [Slice] = []
    /// The newest slice recorded into; later records never go back before it.
    var latestTick: Int64 = .min
    /// Raw samples in nanoseconds, a ring indexed by `sequence & (capacity − 1)`.
    var values: [Int64] = []
    /// Sequence number the next sample gets (samples ever recorded).
    var nextSequence: Int = 0
    /// Sequence number of the oldest sample still in the window as of `latestTick`.
    var windowStartSequence: Int = 0
    /// One histogram per slice in the histogram regime; empty in the exact regime.
    var histograms: [Histogram<UInt32>] = []
    /// Recent samples for sparklines, a ring; `-1` marks a failed probe.
    var recent: [Int64] = []
    var recentNext: Int = 0

    /// An empty window.
    public init(configuration: LatencyWindowConfiguration = .init()) {
        self.configuration = configuration
        self.sliceNanoseconds = configuration.sliceNanoseconds
    }

    /// Whether percentiles are currently backed by per-slice histograms rather than raw samples.
    public var isHistogramRegime: Bool { !histograms.isEmpty }

    /// Records one latency observed at `now`.
    ///
    /// Constant time and allocation-free in steady state: the ring only grows while the rate
    /// rises, and a slice is reset in place when the window rolls onto it. A negative latency
    /// counts as zero; an instant earlier than one already recorded counts in the newest slice.
    public mutating func record(_ latency: Duration, now: Instant) {
        record(nanoseconds: latency.nanoseconds, now: now)
    }

    /// Records one latency given in nanoseconds (skips `Duration`'s 128-bit conversion).
    public mutating func record(nanoseconds: Int64, now: Instant) {
        let value = Swift.max(nanoseconds, 0)
        if slices.isEmpty { allocate() }
        let tick = Swift.max(Self.floorDivide(now.nanoseconds, sliceNanoseconds), latestTick)
        if tick != latestTick { roll(to: tick) }
        let slot = slotIndex(tick)
        slices.withUnsafeMutableBufferPointer { buffer in
            buffer[slot].count += 1
            let (sum, overflow) = buffer[slot].sum.addingReportingOverflow(value)
            buffer[slot].sum = overflow ? .max : sum
            if value < buffer[slot].min { buffer[slot].min = value }
            if value > buffer[slot].max { buffer[slot].max = value }
        }
        if nextSequence - windowStartSequence >= values.count { makeRoom() }
        values[nextSequence & (values.count - 1)] = value
        nextSequence += 1
        if !histograms.isEmpty {
            histograms[slot].record(UInt64(Swift.min(value, highestTrackableNanoseconds)))
        }
        appendRecent(value)
    }

    /// Records a failed probe for the sparkline only: percentiles describe completed calls.
    public mutating func recordFailure() {
        if slices.isEmpty { allocate() }
        appendRecent(-1)
    }

    /// How many samples are in the window at `now` (without computing percentiles).
    public func count(now: Instant) -> Int {
        guard !slices.isEmpty else { return 0 }
        var total = 0
        forEachLiveSlice(atTick: currentTick(now: now)) { total += $0.count }
        return total
    }

    // MARK: - Internals

    var highestTrackableNanoseconds: Int64 { configuration.highestTrackable.nanoseconds }

    func slotIndex(_ tick: Int64) -> Int {
        let count = Int64(configuration.slices)
        let remainder = tick % count
        return Int(remainder < 0 ? remainder + count : remainder)
    }

    /// `a / b` rounded toward negative infinity (`b > 0`).
    static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let quotient = a / b
        return (a % b != 0 && a < 0) ? quotient - 1 : quotient
    }

    private mutating func allocate() {
        slices = Array(repeating: Slice(), count: configuration.slices)
        values = Array(repeating: 0, count: Swift.min(64, configuration.exactCapacity))
        if configuration.recentCapacity > 0 {
            recent = Array(repeating: -1, count: configuration.recentCapacity)
            recent.removeAll(keepingCapacity: true)
        }
    }

    private mutating func appendRecent(_ value: Int64) {
        let capacity = configuration.recentCapacity
        guard capacity > 0 else { return }
        if recent.count < capacity {
            recent.append(value)
        } else {
            recent[recentNext] = value
        }
        recentNext = recentNext + 1 == capacity ? 0 : recentNext + 1
    }

    /// Starts slice `tick` (later than `latestTick`), reusing the slot of an expired slice.
    private mutating func roll(to tick: Int64) {
        latestTick = tick
        let slot = slotIndex(tick)
        slices[slot] = Slice(tick: tick, firstSequence: nextSequence)
        if !histograms.isEmpty { histograms[slot].reset() }
        var start = nextSequence
        forEachLiveSlice(atTick: tick) { start = Swift.min(start, $0.firstSequence) }
        windowStartSequence = start
        // Back to the exact regime once the ring again holds the whole window with room to spare,
        // so a burst does not pin ~12 KiB per slice for ever.
        if !histograms.isEmpty && nextSequence - windowStartSequence <= configuration.exactCapacity / 2 {
            histograms = []
        }
    }

    /// Called when the ring is full of in-window samples: grow it, or start the histogram regime.
    private mutating func makeRoom() {
        if values.count < configuration.exactCapacity {
            let newCapacity = values.count * 2
            var grown = [Int64](repeating: 0, count: newCapacity)
            for sequence in windowStartSequence..<nextSequence {
                grown[sequence & (newCapacity - 1)] = values[sequence & (values.count - 1)]
            }
            values = grown
        } else if histograms.isEmpty {
            startHistogramRegime()
        }
    }

    /// Builds one histogram per slice from the raw samples still in the window.
    private mutating func startHistogramRegime() {
        let empty = Self.makeHistogram(highestTrackable: highestTrackableNanoseconds)
        histograms = Array(repeating: empty, count: configuration.slices)
        let highest = highestTrackableNanoseconds
        var live: [Slice] = []
        forEachLiveSlice(atTick: latestTick) { live.append($0) }
        for slice in live {
            let slot = slotIndex(slice.tick)
            let last = Swift.min(slice.firstSequence + slice.count, nextSequence)
            for sequence in Swift.max(slice.firstSequence, windowStartSequence)..<last {
                let value = values[sequence & (values.count - 1)]
                histograms[slot].record(UInt64(Swift.min(value, highest)))
            }
        }
    }

    /// A histogram resolving 128 ns to `highestTrackable` nanoseconds with 2 significant digits.
    static func makeHistogram(highestTrackable: Int64) -> Histogram<UInt32> {
        Histogram<UInt32>(
            lowestDiscernibleValue: 128, highestTrackableValue: UInt64(Swift.max(highestTrackable, 256)),
            numberOfSignificantValueDigits: .two)
    }

    /// Calls `body` for each slice with samples inside the window whose newest slice is `tick`.
    func forEachLiveSlice(atTick tick: Int64, _ body: (Slice) -> Void) {
        let oldest = tick &- Int64(configuration.slices) &+ 1
        for slice in slices where slice.count > 0 && slice.tick >= oldest && slice.tick <= tick {
            body(slice)
        }
    }

    /// The slice `now` falls in, never earlier than the newest slice recorded into.
    func currentTick(now: Instant) -> Int64 {
        Swift.max(Self.floorDivide(now.nanoseconds, sliceNanoseconds), latestTick)
    }
}
