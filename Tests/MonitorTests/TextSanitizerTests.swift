import TestSupport
import Testing

@testable import Monitor

@Suite struct TextSanitizerTests {
    @Test func plainTextPassesThrough() {
        #expect(
            TextSanitizer.sanitize("HTTP/1.1 503 Service Unavailable") == "HTTP/1.1 503 Service Unavailable")
        #expect(TextSanitizer.sanitize("über 日本語 🚦 café") == "über 日本語 🚦 café")
        #expect(TextSanitizer.sanitize("") == "")
    }

    @Test(arguments: [
        ("\u{1B}[31mred\u{1B}[0m", "red"),  // SGR colour
        ("a\u{1B}[2J\u{1B}[Hb", "ab"),  // clear screen, cursor home
        ("x\u{1B}[?1049hy", "xy"),  // private mode (alternate screen)
        ("x\u{1B}[38;2;255;0;0my", "xy"),  // truecolour
        ("\u{1B}]0;pwned\u{07}title", "title"),  // OSC window title, BEL-terminated
        ("\u{1B}]8;;http://evil\u{1B}\\link\u{1B}]8;;\u{1B}\\", "link"),  // OSC 8 hyperlink, ST-terminated
        ("a\u{1B}P1$tx\u{1B}\\b", "ab"),  // DCS
        ("a\u{1B}_apc\u{1B}\\b", "ab"),  // APC
        ("a\u{1B}^pm\u{1B}\\b", "ab"),  // PM
        ("a\u{1B}Xsos\u{1B}\\b", "ab"),  // SOS
        ("a\u{9B}31mb", "ab"),  // C1 CSI
        ("a\u{9D}0;t\u{9C}b", "ab"),  // C1 OSC ... C1 ST
        ("a\u{90}q\u{9C}b", "ab"),  // C1 DCS
        ("a\u{1B}(0b", "ab"),  // charset designation (intermediate + final)
        ("a\u{1B}7b\u{1B}8c", "abc"),  // save/restore cursor
        ("a\u{1B}cb", "ab"),  // RIS: full reset
        ("a\u{1B}#8b", "ab"),  // DECALN
    ])
    func escapeSequencesAreRemovedWhole(input: String, expected: String) {
        #expect(TextSanitizer.sanitize(input) == expected)
    }

    @Test func unterminatedStringSequenceSwallowsTheRest() {
        #expect(TextSanitizer.sanitize("ok\u{1B}]0;secret title") == "ok")
        #expect(TextSanitizer.sanitize("ok\u{1B}Pdcs payload") == "ok")
    }

    @Test func unfinishedOrMalformedSequencesLeakNothing() {
        #expect(TextSanitizer.sanitize("end\u{1B}") == "end")
        #expect(TextSanitizer.sanitize("end\u{1B}[12;") == "end")
        // A CSI broken by a non-CSI scalar is dropped; the scalar is handled as text.
        #expect(TextSanitizer.sanitize("a\u{1B}[12é") == "aé")
        // A new ESC inside a CSI starts a new sequence.
        #expect(TextSanitizer.sanitize("a\u{1B}[1\u{1B}[31mb") == "ab")
        // ESC inside an OSC that is not ST starts a new sequence (cancelling the string).
        #expect(TextSanitizer.sanitize("a\u{1B}]0;x\u{1B}[31mb") == "ab")
    }

    @Test func controlsAreDroppedAndLineBreaksBecomeOneSpace() {
        #expect(TextSanitizer.sanitize("a\u{00}b\u{07}c\u{08}d\u{7F}e\u{85}f\u{80}g") == "abcde fg")
        #expect(TextSanitizer.sanitize("line one\r\nline two\n\n\tthree") == "line one line two three")
        #expect(TextSanitizer.sanitize("  \n padded \t ") == "padded")
        #expect(TextSanitizer.sanitize("a\u{2028}b\u{2029}c") == "a b c")
        #expect(TextSanitizer.sanitize("a    b") == "a b")
    }

    @Test func bidiControlsAreDropped() {
        #expect(TextSanitizer.sanitize("abc\u{202E}fed\u{202C}") == "abcfed")
        #expect(TextSanitizer.sanitize("\u{2066}x\u{2069}\u{200F}") == "x")
    }

    @Test func invalidUTF8BecomesReplacementCharacters() {
        let bytes: [UInt8] = [0x6F, 0x6B, 0xFF, 0x20, 0xC3, 0x28, 0x1B, 0x5B, 0x33, 0x31, 0x6D, 0x21]
        #expect(TextSanitizer.sanitize(bytes) == "ok\u{FFFD} \u{FFFD}(!")
        #expect(TextSanitizer.sanitize([0xE2, 0x82]) == "\u{FFFD}")
        // Raw C1 bytes are not valid UTF-8 on their own: replaced, never passed through.
        #expect(TextSanitizer.sanitize([0x41, 0x9B, 0x42]) == "A\u{FFFD}B")
    }

    @Test func longTextIsCutWithAnEllipsis() {
        let cut = TextSanitizer.sanitize(String(repeating: "x", count: 100), maxLength: 10)
        #expect(cut == String(repeating: "x", count: 9) + "…")
        #expect(cut.count == 10)
        #expect(TextSanitizer.sanitize("exactly10!", maxLength: 10) == "exactly10!")
        #expect(TextSanitizer.sanitize("abcd efgh", maxLength: 6) == "abcd…")
        #expect(
            TextSanitizer.sanitize(String(repeating: "y", count: 600)).count == TextSanitizer.defaultMaxLength
        )
        #expect(TextSanitizer.sanitize("🚦🚦🚦", maxLength: 2) == "🚦…")
    }

    @Test func hugeInputsCostNoMoreThanTheBound() {
        let huge = String(repeating: "abc\u{1B}[1m ", count: 200_000)
        let clock = ContinuousClock()
        var result = ""
        let elapsed = clock.measure { result = TextSanitizer.sanitize(huge, maxLength: 40) }
        #expect(result.count == 40)
        #expect(result.hasSuffix("…"))
        #expect(elapsed < .seconds(1))
        let bytes = [UInt8](repeating: 0x41, count: 5_000_000)
        #expect(TextSanitizer.sanitize(bytes, maxLength: 10) == "AAAAAAAAA…")
        // Cut input whose remainder happens to fit still says it was cut.
        let combining = String(repeating: "e\u{301}\u{301}\u{301}\u{301}\u{301}", count: 100)
        let cut = TextSanitizer.sanitize(combining, maxLength: 20)
        #expect(cut.hasSuffix("…"))
        #expect(cut.count <= 20)
    }

    /// Random mixes of the dangerous alphabet and ordinary text never produce a control scalar,
    /// a bidi control or a line separator, and never exceed the bound.
    @Test(arguments: [UInt64(1), 42, 0xE7_0707, 2_026])
    func fuzzNeverEmitsAControlScalar(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let alphabet: [Unicode.Scalar] =
            (UInt32(0)...0x20).compactMap { Unicode.Scalar($0) }
            + (UInt32(0x7F)...0x9F).compactMap { Unicode.Scalar($0) }
            + [
                "[", "]", "P", "X", "^", "_", "\\", ";", "0", "9", "?", "m", "a", "é", "日", "🚦", "\u{200F}",
                "\u{202E}", "\u{2028}", "\u{2029}", "\u{FEFF}", "\u{0301}",
            ]
        for _ in 0..<2_000 {
            let length = Int.random(in: 0...64, using: &rng)
            var input = String.UnicodeScalarView()
            for _ in 0..<length { input.append(alphabet[Int.random(in: 0..<alphabet.count, using: &rng)]) }
            let maxLength = Int.random(in: 1...80, using: &rng)
            let output = TextSanitizer.sanitize(String(input), maxLength: maxLength)
            #expect(!output.unicodeScalars.contains { TextSanitizer.isUnsafe($0) }, "seed \(seed): \(input)")
            #expect(!output.unicodeScalars.contains { $0.properties.generalCategory == .control })
            #expect(output.count <= maxLength)
            #expect(!output.hasPrefix(" ") && !output.hasSuffix(" "))
        }
        for _ in 0..<1_000 {
            let bytes = (0..<Int.random(in: 0...48, using: &rng)).map { _ in
                UInt8.random(in: 0...255, using: &rng)
            }
            let output = TextSanitizer.sanitize(bytes)
            #expect(!output.unicodeScalars.contains { $0.properties.generalCategory == .control })
        }
    }

    @Test func sanitisingIsIdempotent() {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<500 {
            let bytes = (0..<32).map { _ in UInt8.random(in: 0...0x7F, using: &rng) }
            let once = TextSanitizer.sanitize(bytes)
            #expect(TextSanitizer.sanitize(once) == once)
        }
    }
}
