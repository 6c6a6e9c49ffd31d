import TestSupport
import Testing

@testable import Monitor

@Suite struct SizeParserTests {
    @Test(arguments: [
        ("1MiB", 1 << 20), ("512KiB", 512 * 1_024), ("10MB", 10_000_000), ("1024", 1_024), ("1024B", 1_024),
        ("1.5KiB", 1_536), ("1mib", 1 << 20), ("2 GiB", 2 << 30), ("0", 0), ("1TB", 1_000_000_000_000),
        ("0.1KiB", 102),
    ])
    func accepts(text: String, expected: Int) throws {
        #expect(try SizeParser.parse(text) == Int64(expected))
    }

    @Test(arguments: [
        ("", "empty"), ("-1MiB", "negative"), ("1M", "unknown unit"), ("1k", "unknown unit"),
        ("MiB", "invalid"),
        ("1.2.3MiB", "invalid"), ("9999999TiB", "too large"), ("1 PiB", "unknown unit"),
    ])
    func rejects(text: String, fragment: String) {
        #expect {
            try SizeParser.parse(text)
        } throws: { error in
            (error as? ConfigValueError)?.message.contains(fragment) == true
        }
    }

    @Test func oneLetterUnitHintOffersBothFamilies() {
        #expect(
            throws: ConfigValueError(
                "unknown unit \"M\" in size \"1M\"", hint: "write 1MiB (×1024) or 1MB (×1000)")
        ) {
            try SizeParser.parse("1M")
        }
    }

    @Test(arguments: [
        (1 << 20, "1MiB"), (10_000_000, "10MB"), (1_536, "1536B"), (0, "0B"), (3 << 10, "3KiB"),
    ])
    func formats(bytes: Int, text: String) {
        #expect(SizeParser.format(Int64(bytes)) == text)
    }

    @Test func formatRoundTripsThroughParse() throws {
        var random = SplitMix64(seed: 7)
        for _ in 0..<2_000 {
            let bytes =
                Int64.random(in: 0...(1 << 50), using: &random) >> Int64.random(in: 0...50, using: &random)
            #expect(try SizeParser.parse(SizeParser.format(bytes)) == bytes)
        }
    }
}
