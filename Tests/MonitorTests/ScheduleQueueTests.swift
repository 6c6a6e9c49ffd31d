import Resilience
import TestSupport
import Testing

@testable import Monitor

@Suite struct ScheduleQueueTests {
    @Test func popsInDeadlineOrderAndOnlyWhatIsDue() {
        var queue = ScheduleQueue()
        var generator = SplitMix64(seed: 7)
        let dues = (0..<500).map { _ in Int64(generator.next() % 10_000) }
        for (index, due) in dues.enumerated() {
            queue.push(.init(due: Instant(nanoseconds: due), endpoint: index, generation: 0))
        }
        let firstHalf = queue.popDue(now: Instant(nanoseconds: 4_999))
        #expect(firstHalf.count == dues.filter { $0 <= 4_999 }.count)
        #expect(firstHalf.map(\.due) == firstHalf.map(\.due).sorted())
        #expect(queue.nextDeadline.map { $0.nanoseconds >= 5_000 } ?? true)
        let rest = queue.popDue(now: Instant(nanoseconds: 10_000))
        #expect(firstHalf.count + rest.count == 500)
        #expect(queue.count == 0)
        #expect(queue.nextDeadline == nil)
    }
}

@Suite struct EndpointScheduleTests {
    @Test func firstProbesAreSpreadOverTheInterval() {
        let start = Instant(nanoseconds: 0)
        let slots = (0..<4).map {
            EndpointSchedule(interval: .seconds(1), start: start, spreadIndex: $0, spreadCount: 4).slotInstant
        }
        #expect(slots.map(\.nanoseconds) == [0, 250_000_000, 500_000_000, 750_000_000])
    }

    @Test func slotsDoNotDriftWhateverTheProbeTakes() {
        var schedule = EndpointSchedule(interval: .seconds(1), start: .zero, spreadIndex: 0, spreadCount: 1)
        for k in 1...100 {
            // Each probe finishes 300 ms into its slot: the next slot is still on the grid.
            let skipped = schedule.advance(after: schedule.slotInstant + .milliseconds(300))
            #expect(skipped == 0)
            #expect(schedule.slotInstant == Instant(nanoseconds: Int64(k) * 1_000_000_000))
        }
    }

    @Test func overrunSkipsMissedSlotsInsteadOfBursting() {
        var schedule = EndpointSchedule(interval: .seconds(1), start: .zero, spreadIndex: 0, spreadCount: 1)
        // The probe of slot 0 hung for 3.5 s: slots 1, 2 and 3 are gone, the next is slot 4.
        let skipped = schedule.advance(after: Instant(nanoseconds: 3_500_000_000))
        #expect(skipped == 3)
        #expect(schedule.slotInstant == Instant(nanoseconds: 4_000_000_000))
    }

    @Test func jitterIsSmallAndBounded() {
        let schedule = EndpointSchedule(interval: .seconds(5), start: .zero, spreadIndex: 0, spreadCount: 1)
        #expect(schedule.maxJitter == .milliseconds(50))
        #expect(schedule.due(jitterFraction: 0.999) < schedule.slotInstant + .milliseconds(50))
        #expect(schedule.due(jitterFraction: 0) == schedule.slotInstant)
        let fast = EndpointSchedule(
            interval: .milliseconds(100), start: .zero, spreadIndex: 0, spreadCount: 1)
        #expect(fast.maxJitter == .milliseconds(2))
    }
}
