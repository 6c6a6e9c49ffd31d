import Synchronization
import Testing

@testable import Resilience

@Suite(.timeLimit(.minutes(1))) struct ProcessInBatchesTests {
    struct Odd: Error, Equatable { var index: Int }

    /// Consumes `stream` into `log` (indices, in delivery order) on a task of its own.
    func collect<Output: Sendable>(_ stream: AsyncStream<BatchResult<Output>>, into log: TestLog<Int>)
        -> Task<Void, Never>
    {
        Task { for await result in stream { log.append(result.index) } }
    }

    @Test func completionOrderDeliversTheFastestFirst() async throws {
        let clock = ManualClock()
        let log = TestLog<Int>()
        let stream = processInBatches(0..<5, maxConcurrency: 5) { index in
            try await clock.sleep(for: .seconds(5 - index))
            return index
        }
        let consumer = collect(stream, into: log)
        try await TestPoll.until("all five jobs") { clock.sleeperCount == 5 }
        for step in 1...5 {
            clock.advance(by: .seconds(1))
            try await TestPoll.until("result \(step)") { log.count == step }
        }
        await consumer.value
        #expect(log.all == [4, 3, 2, 1, 0])
    }

    @Test func inputOrderHoldsEarlyFinishersBack() async throws {
        let clock = ManualClock()
        let log = TestLog<Int>()
        let stream = processInBatches(0..<5, maxConcurrency: 5, order: .input) { index in
            try await clock.sleep(for: .seconds(5 - index))
            return index
        }
        let consumer = collect(stream, into: log)
        try await TestPoll.until("all five jobs") { clock.sleeperCount == 5 }
        for step in 1...4 {
            clock.advance(by: .seconds(1))
            try await TestPoll.until("job \(5 - step) done") { clock.sleeperCount == 5 - step }
        }
        #expect(log.count == 0, "item 0 is still running: nothing may be delivered")
        clock.advance(by: .seconds(1))
        await consumer.value
        #expect(log.all == [0, 1, 2, 3, 4])
    }

    @Test func aSlowItemDelaysOnlyItself() async throws {
        // The seed waited for a whole batch; a sliding window keeps the other slot busy.
        let clock = ManualClock()
        let log = TestLog<Int>()
        let stream = processInBatches(0..<6, maxConcurrency: 2) { index in
            try await clock.sleep(for: .seconds(index == 0 ? 10 : 1))
            return index
        }
        let consumer = collect(stream, into: log)
        for step in 1...3 {
            try await TestPoll.until("two jobs running (step \(step))") { clock.sleeperCount == 2 }
            clock.advance(by: .seconds(1))
            try await TestPoll.until("result \(step)") { log.count == step }
        }
        #expect(log.all == [1, 2, 3], "three short items finished while item 0 runs")
        clock.advance(by: .seconds(7))
        try await TestPoll.until("items 0 and 4 done") { log.count == 5 }
        try await TestPoll.until("item 5 running") { clock.sleeperCount == 1 }
        clock.advance(by: .seconds(1))
        await consumer.value
        #expect(Set(log.all) == Set(0..<6))
    }

    @Test func neverMoreThanMaxConcurrencyJobsRun() async throws {
        let clock = ManualClock()
        let log = TestLog<Int>()
        let probe = ConcurrencyProbe()
        let count = 200
        let stream = processInBatches(0..<count, maxConcurrency: 4) { index in
            probe.enter()
            defer { probe.leave() }
            try await clock.sleep(for: .seconds(1))
            return index
        }
        let consumer = collect(stream, into: log)
        var delivered = 0
        while delivered < count {
            let expected = min(4, count - delivered)
            try await TestPoll.until("\(expected) jobs running") { clock.sleeperCount == expected }
            #expect(probe.now == expected)
            clock.advance(by: .seconds(1))
            delivered += expected
            try await TestPoll.until("\(delivered) results") { log.count == delivered }
        }
        await consumer.value
        #expect(probe.maxSeen == 4)
        #expect(log.all.sorted() == Array(0..<count))
    }

    @Test func failuresAreDeliveredAndTheRunContinues() async {
        var outcomes: [Int: Result<Int, any Error>] = [:]
        for await result in processInBatches(
            0..<10, maxConcurrency: 3, order: .input,
            { index in
                if index % 2 == 1 { throw Odd(index: index) }
                return index * 10
            })
        {
            outcomes[result.index] = result.result
        }
        #expect(outcomes.count == 10)
        for (index, outcome) in outcomes {
            switch outcome {
            case .success(let value): #expect(index % 2 == 0 && value == index * 10)
            case .failure(let error): #expect((error as? Odd) == Odd(index: index))
            }
        }
    }

    @Test func stoppingTheStreamCancelsTheRest() async throws {
        let clock = ManualClock()
        let started = TestCounter()
        let consumer = Task { () -> Int? in
            // The stream lives only in this loop: leaving it drops the stream and its iterator.
            for await result in processInBatches(
                0..<100, maxConcurrency: 3,
                { index in
                    started.increment()
                    try await clock.sleep(for: .seconds(index + 1))
                    return index
                })
            {
                return result.index
            }
            return nil
        }
        try await TestPoll.until("three jobs running") { clock.sleeperCount == 3 }
        clock.advance(by: .seconds(1))
        #expect(await consumer.value == 0)
        // The consumer is gone: the producer is cancelled, its jobs end and none start after.
        try await TestPoll.until("every job to end") { clock.sleeperCount == 0 }
        #expect(started.count <= 4)
    }

    @Test func inputOrderBoundsHowFarAheadJobsStart() async throws {
        let gate = TestGate()
        let firstDone = Atomic<Bool>(false)
        let startedAfterFirst = TestLog<Int>()
        let started = TestCounter()
        let delivered = TestLog<Int>()
        let task = Task {
            await processInBatches(0..<40, maxConcurrency: 2, order: .input) { index in
                started.increment()
                if index == 0 {
                    await gate.wait()
                    firstDone.store(true, ordering: .sequentiallyConsistent)
                } else if firstDone.load(ordering: .sequentiallyConsistent) {
                    startedAfterFirst.append(index)
                }
                return index
            } onResult: { result in
                delivered.append(result.index)
            }
        }
        // Reorder window: 4 × maxConcurrency = 8 items (0...7) may start while item 0 is pending.
        try await TestPoll.until("the window to fill") { started.count == 8 }
        #expect(delivered.count == 0)
        gate.open()
        await task.value
        #expect(delivered.all == Array(0..<40))
        #expect(startedAfterFirst.all.sorted() == Array(8..<40), "items past the window waited for item 0")
    }

    @Test func structuredVariantRunsOnTheCallersActor() async {
        let results = await Collector().run()
        #expect(results == Array(0..<20))
    }

    @Test func zeroConcurrencyMeansOne() async {
        let probe = ConcurrencyProbe()
        var count = 0
        for await _ in processInBatches(
            0..<20, maxConcurrency: 0,
            { index in
                probe.enter()
                await Task.yield()
                probe.leave()
                return index
            })
        {
            count += 1
        }
        #expect(count == 20 && probe.maxSeen == 1)
    }
}

/// An actor whose non-Sendable state is updated from `onResult` without hopping.
private actor Collector {
    var seen: [Int] = []

    func run() async -> [Int] {
        await processInBatches(0..<20, maxConcurrency: 4, order: .input) {
            $0
        } onResult: { result in
            self.seen.append(result.index)
        }
        return seen
    }
}
