import Testing

@testable import Resilience

/// ``ManualClock``'s timer: the ``ResilienceTimer`` the engine's tests run on.
@Suite struct ManualTimerTests {
    /// The clock's own timer; the real-time one offered is not used.
    private func makeTimer(_ clock: ManualClock) throws -> ManualTimer {
        let offered = ManualTimer(clock: ManualClock())
        let timer = try #require(clock.makeTimer { offered } as? ManualTimer)
        #expect(timer !== offered)
        return timer
    }

    @Test func sleepEndsWhenTheClockReachesTheDeadline() async throws {
        let clock = ManualClock()
        let timer = try makeTimer(clock)
        let sleeper = Task { await timer.sleep(until: Instant(nanoseconds: 100)) }
        while clock.sleeperCount == 0 { await Task.yield() }
        #expect(timer.isSleeping)
        #expect(clock.nextDeadline == Instant(nanoseconds: 100))
        clock.advance(by: .nanoseconds(99))
        #expect(timer.isSleeping)
        clock.advance(by: .nanoseconds(1))
        await sleeper.value
        #expect(!timer.isSleeping)
        #expect(clock.sleeperCount == 0)
    }

    @Test func wakeEndsTheSleepEarlyAndLeavesTheClock() async throws {
        let clock = ManualClock()
        let timer = try makeTimer(clock)
        let sleeper = Task { await timer.sleep(until: Instant(nanoseconds: 100)) }
        while clock.sleeperCount == 0 { await Task.yield() }
        timer.wake()
        await sleeper.value
        #expect(clock.sleeperCount == 0)
        #expect(clock.now() == .zero)
    }

    @Test func aWakeWhileNobodySleepsIsRemembered() async throws {
        let clock = ManualClock()
        let timer = try makeTimer(clock)
        timer.wake()
        await timer.sleep(until: Instant(nanoseconds: 100))
        #expect(clock.sleeperCount == 0, "returned at once, nothing registered")
        // Remembered once only: the next sleep waits for the clock.
        let sleeper = Task { await timer.sleep(until: Instant(nanoseconds: 100)) }
        while clock.sleeperCount == 0 { await Task.yield() }
        clock.advance(to: Instant(nanoseconds: 100))
        await sleeper.value
    }

    @Test func aDeadlineAlreadyReachedReturnsAtOnce() async throws {
        let clock = ManualClock(start: Instant(nanoseconds: 500))
        let timer = try makeTimer(clock)
        await timer.sleep(until: Instant(nanoseconds: 500))
        #expect(clock.sleeperCount == 0)
    }

    @Test func cancellingTheSleeperEndsItsSleep() async throws {
        let clock = ManualClock()
        let timer = try makeTimer(clock)
        let sleeper = Task { await timer.sleep(until: Instant(nanoseconds: 100)) }
        while clock.sleeperCount == 0 { await Task.yield() }
        sleeper.cancel()
        await sleeper.value
        #expect(clock.sleeperCount == 0)
    }

    /// Task sleepers and timers share the clock's deadline order.
    @Test func timersAndTaskSleepersWakeInDeadlineOrder() async throws {
        let clock = ManualClock()
        let timer = try makeTimer(clock)
        let sleeper = Task { try await clock.sleep(until: Instant(nanoseconds: 50)) }
        let timed = Task { await timer.sleep(until: Instant(nanoseconds: 80)) }
        while clock.sleeperCount < 2 { await Task.yield() }
        #expect(clock.nextDeadline == Instant(nanoseconds: 50))
        clock.advance(to: Instant(nanoseconds: 60))
        try await sleeper.value
        #expect(timer.isSleeping)
        clock.advance(to: Instant(nanoseconds: 80))
        await timed.value
    }
}
