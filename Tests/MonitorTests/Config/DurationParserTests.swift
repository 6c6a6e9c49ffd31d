import TestSupport
import Testing

@testable import Monitor

@Suite struct DurationParserTests {
    @Test(arguments: [
        ("250ms", Duration.milliseconds(250)),
        ("5s", .seconds(5)),
        ("2m", .seconds(120)),
        ("1h", .seconds(3_600)),
        ("1m30s", .seconds(90)),
        ("1.5s", .milliseconds(1_500)),
        (".5s", .milliseconds(500)),
        ("1h2m3s4ms", .milliseconds(3_723_004)),
        ("0", .zero),
        ("0s", .zero),
        ("  5s\t", .seconds(5)),
        ("100us", .microseconds(100)),
        ("100\u{00B5}s", .microseconds(100)),
        ("7ns", .nanoseconds(7)),
        ("0.000000001s", .nanoseconds(1)),
        ("2562047h", .seconds(2_562_047 * 3_600)),
    ])
    func accepts(text: String, expected: Duration) throws {
        #expect(try DurationParser.parse(text) == expected)
    }

    @Test(arguments: [
        ("", "empty"),
        ("5", "missing unit"),
        ("1.5", "missing unit"),
        ("-5s", "negative"),
        ("5x", "unknown unit"),
        ("5S", "unknown unit"),
        ("1d", "unknown unit"),
        ("5 s", "unknown unit"),
        ("s", "invalid"),
        ("1..5s", "invalid"),
        ("+5s", "invalid"),
        ("9999999999999999999h", "too large"),
        ("2562048h", "too large"),
        ("1e3s", "unknown unit"),
        (String(repeating: "1", count: 100) + "s", "too long"),
    ])
    func rejects(text: String, fragment: String) {
        #expect {
            try DurationParser.parse(text)
        } throws: { error in
            (error as? ConfigValueError)?.message.contains(fragment) == true
        }
    }

    @Test func missingUnitHintSuggestsBothReadings() {
        #expect(throws: ConfigValueError("missing unit in duration \"5\"", hint: "write 5s or 5ms")) {
            try DurationParser.parse("5")
        }
    }

    @Test(arguments: [
        (Duration.milliseconds(250), "250ms"), (.seconds(90), "1m30s"), (.milliseconds(1_500), "1.5s"),
        (.seconds(3_600), "1h"), (.zero, "0s"), (.microseconds(1), "1us"), (.nanoseconds(1_500), "1.5us"),
        (.seconds(3_661), "1h1m1s"),
    ])
    func formats(duration: Duration, text: String) {
        #expect(DurationParser.format(duration) == text)
    }

    @Test func formatRoundTripsThroughParse() throws {
        var random = SplitMix64(seed: 42)
        for _ in 0..<5_000 {
            let magnitude = Int64.random(in: 0...18, using: &random)
            var limit: Int64 = 1
            for _ in 0..<magnitude { limit *= 10 }
            let duration = Duration.nanoseconds(Int64.random(in: 0...limit, using: &random))
            #expect(try DurationParser.parse(DurationParser.format(duration)) == duration)
        }
    }
}
