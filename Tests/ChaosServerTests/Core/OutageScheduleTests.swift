@testable import ChaosServer
import Testing

@Suite("OutageSchedule")
struct OutageScheduleTests {
    @Test("down for the last `down` of each period, shifted by offset")
    func window() throws {
        let schedule = try #require(OutageSchedule(every: .seconds(45), down: .seconds(10)))
        #expect(!schedule.isDown(at: .zero))
        #expect(!schedule.isDown(at: .milliseconds(34_999)))
        #expect(schedule.isDown(at: .seconds(35)))
        #expect(schedule.isDown(at: .milliseconds(44_999)))
        #expect(!schedule.isDown(at: .seconds(45)))
        #expect(schedule.isDown(at: .seconds(80)))
        let shifted = try #require(
            OutageSchedule(every: .seconds(45), down: .seconds(10), offset: .seconds(5)))
        #expect(!shifted.isDown(at: .seconds(35)))
        #expect(shifted.isDown(at: .seconds(40)))
        #expect(shifted.isDown(at: .seconds(2)))  // the previous period's window wraps past zero
    }

    @Test("rejects impossible schedules; down == every is always down, down == 0 never")
    func validation() throws {
        #expect(OutageSchedule(every: .zero, down: .zero) == nil)
        #expect(OutageSchedule(every: .seconds(1), down: .seconds(2)) == nil)
        let always = try #require(OutageSchedule(every: .seconds(1), down: .seconds(1)))
        let never = try #require(OutageSchedule(every: .seconds(1), down: .zero))
        for ms in stride(from: 0, to: 3_000, by: 137) {
            #expect(always.isDown(at: .milliseconds(ms)))
            #expect(!never.isDown(at: .milliseconds(ms)))
        }
    }
}
