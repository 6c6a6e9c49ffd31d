/// Counter-based, seeded randomness: the `n`-th draw of a stream is a pure function of
/// `(seed, stream, n)`.
///
/// A shared sequential generator would make outcomes depend on how concurrent requests interleave;
/// keying each draw by the endpoint's own request index keeps `/flaky?p=0.3` reproducible per
/// server seed no matter what else is being hit at the same time.
enum SeededRandom {
    /// A uniformly distributed 64-bit value for draw `index` of `stream` under `seed`.
    static func bits(seed: UInt64, stream: String, index: UInt64) -> UInt64 {
        splitMix64(seed ^ fnv1a(stream) &+ index &* 0x9E37_79B9_7F4A_7C15)
    }

    /// A uniformly distributed `Double` in `[0, 1)` for draw `index` of `stream` under `seed`.
    static func unit(seed: UInt64, stream: String, index: UInt64) -> Double {
        Double(bits(seed: seed, stream: stream, index: index) >> 11) * 0x1.0p-53
    }

    /// A uniformly distributed integer in `lower...upper` (inclusive) for draw `index`.
    static func integer(in range: ClosedRange<Int>, seed: UInt64, stream: String, index: UInt64) -> Int {
        let span = UInt64(range.upperBound - range.lowerBound) &+ 1
        if span == 0 { return Int(truncatingIfNeeded: bits(seed: seed, stream: stream, index: index)) }
        let value = bits(seed: seed, stream: stream, index: index) % span
        return range.lowerBound + Int(value)
    }

    /// SplitMix64's finaliser: a fast, well-mixed bijection on 64-bit values.
    static func splitMix64(_ input: UInt64) -> UInt64 {
        var z = input &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// FNV-1a over the UTF-8 bytes of `text`: a stable (unlike `Hasher`) stream identifier.
    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash
    }
}
