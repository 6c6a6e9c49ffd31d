import Monitor
import Testing

@testable import Dashboard

@Suite struct DisplaySanitizerTests {
    @Test func plainTextIsUnchanged() {
        #expect(DisplaySanitizer.clean("api-users 200 OK") == "api-users 200 OK")
        #expect(DisplaySanitizer.clean("サービス ≥ 50%") == "サービス ≥ 50%")
    }

    @Test(arguments: [
        ("\u{1B}[31mred\u{1B}[0m", "red"),
        ("a\u{1B}]52;c;ZXZpbA==\u{07}b", "ab"),
        ("a\u{1B}]0;title\u{1B}\\b", "ab"),
        ("a\u{1B}P1;2|data\u{1B}\\b", "ab"),
        ("a\u{1B}cb", "ab"),
        ("a\u{1B}(Bb", "ab"),
        ("a\u{9B}2Jb", "ab"),
        ("a\u{9D}8;;http://x\u{9C}b", "ab"),
        ("a\u{00}\u{01}\u{7F}b", "ab"),
        ("a\u{85}b", "a b"),
        ("line1\nline2\r\tend", "line1 line2  end"),
        ("x\u{202E}gnp.exe\u{202C}y", "xgnp.exey"),
        ("zero\u{200B}width\u{FEFF}", "zerowidth"),
    ])
    func escapesAndControlsAreRemoved(input: String, expected: String) {
        #expect(DisplaySanitizer.clean(input) == expected)
    }

    @Test func emojiJoinersSurvive() {
        let family = "👩\u{200D}👩\u{200D}👧"
        #expect(DisplaySanitizer.clean(family) == family)
    }

    @Test func anUnterminatedSequenceSwallowsOnlyItself() {
        #expect(DisplaySanitizer.clean("ok\u{1B}[") == "ok")
        #expect(DisplaySanitizer.clean("ok\u{1B}") == "ok")
    }

    /// The invisible characters the issue lists, one by one: gone on screen as in every export.
    @Test(arguments: [
        0x200B, 0x200C, 0x200E, 0x200F, 0x2028, 0x2029, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2060,
        0x2061, 0x2062, 0x2063, 0x2064, 0xFEFF, 0x00AD, 0xE0001, 0xE0041, 0xE007F, 0x2066, 0x2069, 0x061C,
        0x200D,
    ])
    func invisibleCharactersAreDropped(value: UInt32) throws {
        let scalar = try #require(Unicode.Scalar(value))
        let text = "ab" + String(Character(scalar)) + "cd"
        let expected = value == 0x2028 || value == 0x2029 ? "ab cd" : "abcd"
        #expect(DisplaySanitizer.clean(text) == expected)
        #expect(TextSanitizer.sanitize(text) == expected)
    }

    /// One rule: for any mixture of hostile and ordinary text, the dashboard shows exactly what the
    /// exporters print, apart from the message shaping (runs of spaces collapsed, ends trimmed).
    @Test func theDashboardAndTheExportersApplyOneRule() {
        let pieces = [
            "a", "é", " ", "  ", "\t", "\n", "\r\n", "\u{1B}[31m", "\u{1B}]0;t\u{7}", "\u{9B}2J", "\u{200B}",
            "\u{FEFF}", "\u{AD}", "\u{E0041}", "\u{202E}", "\u{2028}", "\u{85}", "\u{7F}", "\u{0}", "👩",
            "\u{200D}", "\u{FE0F}", "サ", "\u{1B}(B", "\u{1B}P1|x\u{1B}\\",
        ]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let text = (0..<Int.random(in: 1...12, using: &generator))
                .map { _ in pieces.randomElement(using: &generator) ?? "" }.joined()
            let shown = DisplaySanitizer.clean(text)
            // Collapse by scalar: a space followed by a combining mark is one Character.
            var scalars = String.UnicodeScalarView()
            for scalar in shown.unicodeScalars
            where scalar != " " || (scalars.last.map { $0 != " " } ?? false) {
                scalars.append(scalar)
            }
            if scalars.last == " " { scalars.removeLast() }
            let collapsed = String(scalars)
            #expect(
                collapsed == TextSanitizer.sanitize(text, maxLength: 10_000),
                "\(text.unicodeScalars.map(\.value))")
        }
    }
}
