import Synchronization
import Testing

@testable import Resilience

@Suite(.timeLimit(.minutes(1))) struct BulkheadTests {
    @Test func limitsConcurrencyQueuesAndRejects() async throws {
        let bulkhead = Bulkhead(maxConcurrent: 2, maxQueue: 1)
        let gate = TestGate()
        let holders = (0..<2).map { _ in Task { try await bulkhead.withPermit { await gate.wait() } } }
        try await TestPoll.until("two holders") { bulkhead.metrics.inFlight == 2 }
        let waiter = Task { try await bulkhead.withPermit { "waited" } }
        try await TestPoll.until("one waiter") { bulkhead.metrics.queued == 1 }
        await #expect(throws: BulkheadFullError(reason: .queueFull, maxConcurrent: 2, maxQueue: 1)) {
            try await bulkhead.withPermit { 0 }
        }
        gate.open()
        for holder in holders { try await holder.value }
        #expect(try await waiter.value == "waited")
        let metrics = bulkhead.metrics
        #expect(metrics.inFlight == 0 && metrics.queued == 0)
        #expect(metrics.admitted == 3 && metrics.rejected == 1 && metrics.rejectedQueueFull == 1)
        #expect(metrics.peakInFlight == 2 && metrics.peakQueued == 1)
    }

    @Test func waitersAreServedInArrivalOrder() async throws {
        let bulkhead = Bulkhead(maxConcurrent: 1, maxQueue: 10)
        let gate = TestGate()
        let holder = Task { try await bulkhead.withPermit { await gate.wait() } }
        try await TestPoll.until("the holder") { bulkhead.metrics.inFlight == 1 }
        let order = TestLog<Int>()
        var waiters: [Task<Void, any Error>] = []
        for index in 0..<6 {
            waiters.append(Task { try await bulkhead.withPermit { order.append(index) } })
            try await TestPoll.until("waiter \(index) queued") { bulkhead.metrics.queued == index + 1 }
        }
        #expect(bulkhead.tryAcquire() == false, "no barging past the queue")
        gate.open()
        try await holder.value
        for waiter in waiters { try await waiter.value }
        #expect(order.all == Array(0..<6))
    }

    @Test func cancelledWaiterLeavesTheQueueAndLosesNoSlot() async throws {
        let bulkhead = Bulkhead(maxConcurrent: 1, maxQueue: 5)
        let gate = TestGate()
        let holder = Task { try await bulkhead.withPermit { await gate.wait() } }
        try await TestPoll.until("the holder") { bulkhead.metrics.inFlight == 1 }
        let order = TestLog<Int>()
        var waiters: [Task<Void, any Error>] = []
        for index in 0..<3 {
            waiters.append(Task { try await bulkhead.withPermit { order.append(index) } })
            try await TestPoll.until("waiter \(index) queued") { bulkhead.metrics.queued == index + 1 }
        }
        waiters[1].cancel()
        await #expect(throws: CancellationError.self) { try await waiters[1].value }
        #expect(bulkhead.metrics.queued == 2 && bulkhead.metrics.cancelled == 1)
        gate.open()
        try await holder.value
        try await waiters[0].value
        try await waiters[2].value
        #expect(order.all == [0, 2])
        #expect(bulkhead.metrics.inFlight == 0)
        #expect(bulkhead.tryAcquire() && bulkhead.tryAcquire() == false)
        bulkhead.release()
    }

    @Test func alreadyCancelledCallerNeverQueues() async throws {
        let bulkhead = Bulkhead(maxConcurrent: 1, maxQueue: 5)
        #expect(bulkhead.tryAcquire())
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await bulkhead.withPermit { 1 }
        }
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(bulkhead.metrics.queued == 0)
        bulkhead.release()
        #expect(bulkhead.metrics.inFlight == 0)
    }

    @Test func maxWaitRejectsALongWaitOnTheManualClock() async throws {
        let clock = ManualClock()
        let bulkhead = Bulkhead(maxConcurrent: 1, maxQueue: 5, maxWait: .seconds(1), clock: clock)
        #expect(bulkhead.tryAcquire())
        let waiter = Task { try await bulkhead.withPermit { 1 } }
        try await TestPoll.until("the waiter's timer") { clock.sleeperCount == 1 }
        #expect(bulkhead.metrics.queued == 1)
        clock.advance(by: .milliseconds(999))
        #expect(bulkhead.metrics.queued == 1)
        clock.advance(by: .milliseconds(1))
        await #expect(
            throws: BulkheadFullError(reason: .maxWaitExceeded(.seconds(1)), maxConcurrent: 1, maxQueue: 5)
        ) { try await waiter.value }
        #expect(bulkhead.metrics.queued == 0 && bulkhead.metrics.rejectedMaxWait == 1)
        bulkhead.release()
        #expect(bulkhead.metrics.inFlight == 0)
    }

    @Test func grantedWaiterCancelsItsTimer() async throws {
        let clock = ManualClock()
        let bulkhead = Bulkhead(maxConcurrent: 1, maxQueue: 5, maxWait: .seconds(10), clock: clock)
        #expect(bulkhead.tryAcquire())
        let waiter = Task { try await bulkhead.withPermit { "in" } }
        try await TestPoll.until("the waiter's timer") { clock.sleeperCount == 1 }
        bulkhead.release()
        #expect(try await waiter.value == "in")
        try await TestPoll.until("the timer to go") { clock.sleeperCount == 0 }
        clock.advance(by: .seconds(20))
        #expect(bulkhead.metrics.rejectedMaxWait == 0 && bulkhead.metrics.inFlight == 0)
    }

    @Test func releaseAndCancelRacingNeverLoseASlot() async throws {
        let bulkhead = Bulkhead(maxConcurrent: 1, maxQueue: 1)
        for _ in 0..<300 {
            #expect(bulkhead.tryAcquire())
            let waiter = Task { try await bulkhead.withPermit { () } }
            try await TestPoll.until("the waiter") { bulkhead.metrics.queued == 1 }
            async let cancel: Void = waiter.cancel()
            async let release: Void = bulkhead.release()
            _ = await (cancel, release)
            _ = await waiter.result
            #expect(bulkhead.metrics.inFlight == 0 && bulkhead.metrics.queued == 0)
        }
    }

    @Test func thousandsOfTasksNeverExceedTheLimitNorLoseSlots() async throws {
        let limit = 8
        let bulkhead = Bulkhead(maxConcurrent: limit, maxQueue: .max)
        let probe = ConcurrencyProbe()
        let completed = TestCounter()
        let cancelled = TestCounter()
        // Fill every slot first so the stress tasks really queue.
        let gate = TestGate()
        let fillers = (0..<limit).map { _ in Task { try await bulkhead.withPermit { await gate.wait() } } }
        try await TestPoll.until("all slots held") { bulkhead.metrics.inFlight == limit }

        let count = 2_000
        let tasks = (0..<count).map { _ in
            Task {
                do {
                    try await bulkhead.withPermit {
                        probe.enter()
                        for _ in 0..<3 { await Task.yield() }
                        probe.leave()
                    }
                    completed.increment()
                } catch is CancellationError {
                    cancelled.increment()
                }
            }
        }
        for (index, task) in tasks.enumerated() where index % 7 == 3 { task.cancel() }
        gate.open()
        for filler in fillers { try await filler.value }
        for task in tasks { try await task.value }

        #expect(probe.maxSeen <= limit)
        #expect(completed.count + cancelled.count == count)
        #expect(cancelled.count <= count / 7 + 1)
        let metrics = bulkhead.metrics
        #expect(metrics.inFlight == 0 && metrics.queued == 0 && metrics.peakInFlight == limit)
        // Exactly `limit` slots remain: no slot lost, none invented.
        for _ in 0..<limit { #expect(bulkhead.tryAcquire()) }
        #expect(bulkhead.tryAcquire() == false)
        for _ in 0..<limit { bulkhead.release() }
    }
}
