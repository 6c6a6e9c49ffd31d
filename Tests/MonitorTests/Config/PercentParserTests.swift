import Testing

@testable import Monitor

@Suite struct PercentParserTests {
    @Test(arguments: [
        ("50%", 0.5), ("0%", 0.0), ("100%", 1.0), ("12.5%", 0.125), (" 20 %", 0.2), ("0.1%", 0.001),
    ])
    func accepts(text: String, expected: Double) throws {
        #expect(abs(try PercentParser.parse(text) - expected) < 1e-12)
    }

    @Test(arguments: [
        ("0.5", "missing %"), ("50", "missing %"), ("150%", "over 100%"), ("-5%", "negative"),
        ("%", "invalid"),
        ("abc%", "invalid"), ("inf%", "invalid"), ("nan%", "invalid"), ("0x10%", "invalid"), ("", "empty"),
    ])
    func rejects(text: String, fragment: String) {
        #expect {
            try PercentParser.parse(text)
        } throws: { error in
            (error as? ConfigValueError)?.message.contains(fragment) == true
        }
    }

    @Test func bareFractionHintShowsThePercentage() {
        #expect(
            throws: ConfigValueError(
                "missing % in \"0.5\"", hint: "write a percentage with a % sign, e.g. 50%")
        ) {
            try PercentParser.parse("0.5")
        }
    }

    @Test func formats() {
        #expect(PercentParser.format(0.5) == "50%")
        #expect(PercentParser.format(0.125) == "12.5%")
        #expect(PercentParser.format(0.2) == "20%")
    }
}
