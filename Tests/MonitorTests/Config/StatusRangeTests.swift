import Testing

@testable import Monitor

@Suite struct StatusRangeTests {
    @Test(arguments: [
        ("200-299", StatusRange(200, 299)), ("404", StatusRange(404)), ("2xx", StatusRange(200, 299)),
        ("5XX", StatusRange(500, 599)), ("200 - 204", StatusRange(200, 204)),
        ("100-599", StatusRange(100, 599)),
    ])
    func accepts(text: String, expected: StatusRange) throws {
        #expect(try StatusRange.parse(text) == expected)
    }

    @Test(arguments: [
        ("299-200", "backwards"), ("99", "not between"), ("600", "not between"), ("6xx", "not 1xx to 5xx"),
        ("2-", "not between"), ("-200", "invalid"), ("200-299-300", "invalid"), ("abc", "invalid"),
        ("2000", "invalid"),
        ("", "empty"),
    ])
    func rejects(text: String, fragment: String) {
        #expect {
            try StatusRange.parse(text)
        } throws: { error in
            (error as? ConfigValueError)?.message.contains(fragment) == true
        }
    }

    @Test func containsAndDescription() {
        #expect(StatusRange.success.contains(204))
        #expect(!StatusRange.success.contains(301))
        #expect(StatusRange(200, 299).description == "200-299")
        #expect(StatusRange(404).description == "404")
    }
}
