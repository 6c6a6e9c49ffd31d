import Synchronization
import Testing

@testable import Resilience

@Suite(.timeLimit(.minutes(1))) struct TimeoutTests {
    struct Boom: Error, Equatable {}

    @Test func returnsTheValueInTimeAndLeavesNoTimerBehind() async throws {
        let clock = ManualClock()
        let value = try await withTimeout(.seconds(1), clock: clock) { 42 }
        #expect(value == 42)
        #expect(clock.sleeperCount == 0, "the timer child was cancelled and removed")
    }

    @Test func expiryCancelsTheOperationAndThrowsTypedError() async throws {
        let clock = ManualClock()
        let sawCancellation = Atomic<Bool>(false)
        let task = Task {
            try await withTimeout(.seconds(1), clock: clock) { () -> Int in
                do {
                    try await clock.sleep(for: .seconds(60))
                } catch is CancellationError {
                    sawCancellation.store(true, ordering: .relaxed)
                    throw CancellationError()
                }
                return 1
            }
        }
        // The operation and the timer are both parked on the clock.
        try await TestPoll.until("operation and timer to sleep") { clock.sleeperCount == 2 }
        clock.advance(by: .seconds(1))
        await #expect(throws: TimeoutError(duration: .seconds(1))) { try await task.value }
        #expect(sawCancellation.load(ordering: .relaxed) == true, "the operation was cancelled")
        #expect(clock.sleeperCount == 0, "no child outlives the call")
        #expect(clock.now() == Instant.zero + .seconds(1))
    }

    @Test func defaultVariantReturnsTheDefaultOnExpiry() async throws {
        let clock = ManualClock()
        let task = Task {
            try await withTimeout(.milliseconds(500), clock: clock, default: "fallback") {
                try await clock.sleep(for: .seconds(60))
                return "late"
            }
        }
        try await TestPoll.until("operation and timer to sleep") { clock.sleeperCount == 2 }
        clock.advance(by: .milliseconds(500))
        #expect(try await task.value == "fallback")
        #expect(clock.sleeperCount == 0)
    }

    @Test func defaultVariantReturnsTheValueInTime() async throws {
        let value = try await withTimeout(.seconds(1), clock: ManualClock(), default: 0) { 7 }
        #expect(value == 7)
    }

    @Test func operationErrorsPassThroughBothVariants() async {
        let clock = ManualClock()
        await #expect(throws: Boom()) {
            try await withTimeout(.seconds(1), clock: clock) { () -> Int in throw Boom() }
        }
        await #expect(throws: Boom()) {
            try await withTimeout(.seconds(1), clock: clock, default: 0) { () -> Int in throw Boom() }
        }
    }

    @Test func nestedTimeoutErrorIsNotMistakenForThisOne() async {
        // The operation's own (inner) timeout error must not become this call's default.
        let inner = TimeoutError(duration: .milliseconds(1))
        await #expect(throws: inner) {
            try await withTimeout(.seconds(1), clock: ManualClock(), default: 0) { () -> Int in throw inner }
        }
    }

    @Test func zeroOrNegativeLimitTimesOutWithoutRunning() async {
        let ran = Atomic<Bool>(false)
        await #expect(throws: TimeoutError(duration: .zero)) {
            try await withTimeout(.zero, clock: ManualClock()) { ran.store(true, ordering: .relaxed) }
        }
        let value = try? await withTimeout(.seconds(-1), clock: ManualClock(), default: 5) {
            ran.store(true, ordering: .relaxed)
            return 6
        }
        #expect(value == 5)
        #expect(ran.load(ordering: .relaxed) == false)
    }

    @Test func callerCancellationIsNotReportedAsTimeout() async throws {
        let clock = ManualClock()
        let task = Task {
            try await withTimeout(.seconds(10), clock: clock, default: -1) { () -> Int in
                try await clock.sleep(for: .seconds(60))
                return 1
            }
        }
        try await TestPoll.until("operation and timer to sleep") { clock.sleeperCount == 2 }
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(clock.sleeperCount == 0)
    }

    @Test func worksWithTheSystemClock() async throws {
        let value = try await withTimeout(.seconds(30)) { "real" }
        #expect(value == "real")
        await #expect(throws: TimeoutError.self) {
            try await withTimeout(.milliseconds(20)) { () -> Int in
                try await Task.sleep(for: .seconds(30))
                return 0
            }
        }
    }
}
