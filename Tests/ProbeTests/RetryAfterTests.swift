import Testing

@testable import Probe

@Suite struct RetryAfterTests {
    // 2015-10-21T07:28:00Z
    let now: Int64 = 1_445_412_480

    @Test func delaySeconds() {
        #expect(RetryAfter.parse("120", now: now) == .seconds(120))
        #expect(RetryAfter.parse("  0 ", now: now) == .zero)
        #expect(RetryAfter.parse("99999999999999999999999", now: now) == .seconds(Int64(Int32.max)))
    }

    @Test(arguments: [
        "Wed, 21 Oct 2015 07:28:30 GMT",  // IMF-fixdate
        "Wednesday, 21-Oct-15 07:28:30 GMT",  // RFC 850
        "Wed Oct 21 07:28:30 2015",  // asctime
    ])
    func httpDatesInEveryFormat(value: String) {
        #expect(RetryAfter.parse(value, now: now) == .seconds(30))
    }

    @Test func pastDateIsZeroAndGarbageIsNil() {
        #expect(RetryAfter.parse("Wed, 21 Oct 2015 07:00:00 GMT", now: now) == .zero)
        #expect(RetryAfter.parse("soon", now: now) == nil)
        #expect(RetryAfter.parse("", now: now) == nil)
        #expect(RetryAfter.parse("-5", now: now) == nil)
    }
}
