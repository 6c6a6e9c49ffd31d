extension LatencyWindow {
    /// Bytes one heap allocation costs beyond its elements: Swift's 32-byte array header plus
    /// glibc malloc's 16-byte chunk header (an estimate; the allocator may round up further).
    static let allocationOverhead = 48

    /// An estimate of the memory this window holds: its inline size plus every heap buffer it owns,
    /// counted by capacity (not by use), with HdrHistogram's own conservative estimate per histogram.
    ///
    /// docs/RESILIENCE.md lists the figures per regime; a test asserts the 8 KiB budget for one
    /// sample a second over the default 60 s window.
    public var footprintBytes: Int {
        var total = MemoryLayout<Self>.size
        total += Self.heapBytes(slices) + Self.heapBytes(values) + Self.heapBytes(recent)
        total += Self.heapBytes(histograms)
        for histogram in histograms { total += histogram.estimatedFootprintInBytes }
        return total
    }

    private static func heapBytes<Element>(_ array: [Element]) -> Int {
        array.capacity == 0 ? 0 : allocationOverhead + array.capacity * MemoryLayout<Element>.stride
    }
}
