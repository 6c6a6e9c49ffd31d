import Foundation
import Resilience
import TestSupport
import Testing

@testable import Monitor

@Suite struct EventRingTests {
    private func event(_ message: String) -> Event {
        Event(sequence: 0, at: Date(timeIntervalSince1970: 0), kind: .info, endpoint: nil, message: message)
    }

    @Test func numbersEventsFromOneInAppendOrder() {
        var ring = EventRing(capacity: 4)
        #expect(ring.lastSequence == 0)
        #expect(ring.firstSequence == nil)
        #expect(ring.events(after: 0).isEmpty)
        let first = ring.append(event("a"))
        ring.append(event("b"))
        #expect(first.sequence == 1)
        #expect(ring.events(after: 0).map(\.sequence) == [1, 2])
        #expect(ring.events(after: 1).map(\.message) == ["b"])
        #expect(ring.events(after: 2).isEmpty)
        #expect(ring.events(after: 99).isEmpty)
    }

    @Test func keepsOnlyTheNewestCapacityEvents() {
        var ring = EventRing(capacity: 3)
        for index in 1...10 { ring.append(event("e\(index)")) }
        #expect(ring.count == 3)
        #expect(ring.lastSequence == 10)
        #expect(ring.firstSequence == 8)
        #expect(ring.dropped == 7)
        #expect(ring.events(after: 0).map(\.message) == ["e8", "e9", "e10"])
        #expect(ring.events(after: 8).map(\.sequence) == [9, 10])
        #expect(ring.latest(2).map(\.message) == ["e9", "e10"])
        #expect(ring.latest(50).map(\.sequence) == [8, 9, 10])
        #expect(ring.latest(0).isEmpty)
        #expect(ring.latest(-1).isEmpty)
    }

    /// Checked against a plain array as the reference model, across many wraps.
    @Test func matchesAnUnboundedArrayReference() {
        var rng = SplitMix64(seed: 99)
        for capacity in [1, 2, 5, 16] {
            var ring = EventRing(capacity: capacity)
            var reference: [UInt64] = []
            for _ in 0..<200 {
                ring.append(event("x"))
                reference.append(UInt64(reference.count + 1))
                let kept = Array(reference.suffix(capacity))
                let after = UInt64.random(in: 0...(UInt64(reference.count) + 2), using: &rng)
                #expect(ring.events(after: after).map(\.sequence) == kept.filter { $0 > after })
                let n = Int.random(in: 0...(capacity + 2), using: &rng)
                #expect(ring.latest(n).map(\.sequence) == Array(kept.suffix(n)))
            }
        }
    }

    @Test func capacityIsAtLeastOne() {
        var ring = EventRing(capacity: 0)
        ring.append(event("only"))
        ring.append(event("newest"))
        #expect(ring.capacity == 1)
        #expect(ring.latest(5).map(\.message) == ["newest"])
    }
}

@Suite struct EventLogTests {
    @Test func defaultsToAThousandEvents() {
        let log = EventLog()
        #expect(log.capacity == 1_000)
        for index in 0..<1_005 { log.append(.info, message: "n\(index)") }
        #expect(log.count == 1_000)
        #expect(log.dropped == 5)
        #expect(log.events(after: 0).first?.sequence == 6)
    }

    @Test func sanitisesWhatComesIn() {
        let log = EventLog(capacity: 8)
        let event = log.append(
            .transition(from: .closed, to: .open), endpoint: "api\u{1B}[2J",
            message: "5 failures\n\u{1B}]0;x\u{07}")
        #expect(event.endpoint == "api")
        #expect(event.message == "5 failures")
        #expect(event.sequence == 1)
        #expect(log.latest(1) == [event])
    }

    /// Writers on many tasks: every sequence number is handed out once, with no gaps, and a
    /// reader polling concurrently only ever sees increasing, contiguous numbers.
    @Test func concurrentAppendsAreNumberedOnceAndInOrder() async {
        enum Result: Sendable {
            case written([UInt64])
            case read([UInt64])
        }
        let log = EventLog(capacity: 10_000)
        let writers = 8
        let perWriter = 500
        let total = UInt64(writers * perWriter)
        var written: [UInt64] = []
        var read: [UInt64] = []
        await withTaskGroup(of: Result.self) { group in
            for writer in 0..<writers {
                group.addTask {
                    .written(
                        (0..<perWriter).map {
                            log.append(.info, endpoint: "w\(writer)", message: "m\($0)").sequence
                        })
                }
            }
            group.addTask {
                var seen: [UInt64] = []
                var last: UInt64 = 0
                while last < total {
                    let batch = log.events(after: last)
                    seen += batch.map(\.sequence)
                    last = batch.last?.sequence ?? last
                    await Task.yield()
                }
                return .read(seen)
            }
            for await result in group {
                switch result {
                case .written(let sequences): written += sequences
                case .read(let sequences): read = sequences
                }
            }
        }
        #expect(written.sorted() == Array(1...total))
        #expect(read == Array(1...total))
        #expect(log.lastSequence == total)
    }
}
