@testable import ChaosServer
import Testing

@Suite("ChaosDuration")
struct ChaosDurationTests {
    @Test(
        "parses units and bare seconds",
        arguments: [
            ("45s", Duration.seconds(45)), ("45", .seconds(45)), ("500ms", .milliseconds(500)),
            ("1.5s", .milliseconds(1_500)), ("2m", .seconds(120)), ("250us", .microseconds(250)),
            ("0", .zero),
        ])
    func parses(text: String, expected: Duration) {
        #expect(ChaosDuration.parse(text) == expected)
    }

    @Test("rejects garbage", arguments: ["", "s", "-1s", "abc", "1x", "nan", "inf"])
    func rejects(text: String) {
        #expect(ChaosDuration.parse(text) == nil)
    }
}
