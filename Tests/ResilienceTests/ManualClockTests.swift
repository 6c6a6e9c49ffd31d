import Testing

@testable import Resilience

@Suite struct ManualClockTests {
    @Test func advanceResumesDueSleepersOnly() async throws {
        let clock = ManualClock()
        let woke = Task { try await clock.sleep(until: Instant(nanoseconds: 100)) }
        while clock.sleeperCount == 0 { await Task.yield() }
        clock.advance(by: .nanoseconds(50))
        #expect(clock.sleeperCount == 1)
        clock.advance(by: .nanoseconds(50))
        try await woke.value
        #expect(clock.now() == Instant(nanoseconds: 100))
    }

    @Test func cancelledSleeperThrowsAndLeaves() async {
        let clock = ManualClock()
        let sleeper = Task { try await clock.sleep(for: .seconds(10)) }
        while clock.sleeperCount == 0 { await Task.yield() }
        sleeper.cancel()
        await #expect(throws: CancellationError.self) { try await sleeper.value }
        #expect(clock.sleeperCount == 0)
    }

    @Test func instantArithmeticSaturates() {
        #expect(Instant(nanoseconds: .max - 1).advanced(by: .seconds(1)).nanoseconds == .max)
        #expect(Instant(nanoseconds: 10) - Instant(nanoseconds: 4) == .nanoseconds(6))
        #expect(Duration.milliseconds(1_500).seconds == 1.5)
    }
}
