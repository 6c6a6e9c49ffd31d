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
        ("a\u{00}\u{01}\u{7F}\u{85}b", "ab"),
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
}
