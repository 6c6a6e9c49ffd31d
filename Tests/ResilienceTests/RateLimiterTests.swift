import Synchronization
import Testing

@testable import Resilience

/// Polls `condition` until it holds or `timeout` of real time passes; returns whether it held.
private func eventually(timeout: Duration = .seconds(10), _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(1))
    }
    return condition()
}

/// How an acquiring task ended.
private enum Ending: Equatable {
    case granted
    case threw(RateLimitError)
    case threwSomethingElse
    case hung
}

/// Awaits `task`; if it has not ended within `timeout`, cancels it (a waiter then throws
/// `.cancelled` and ends) and reports `.hung`, so a lost permit fails the test instead of hanging it.
private func ending(of task: Task<Void, any Error>, within timeout: Duration = .seconds(10)) async -> Ending {
    enum Race: Sendable {
        case ended(Ending)
        case timedOut
    }
    return await withTaskGroup(of: Race.self) { group in
        group.addTask {
            switch await task.result {
            case .success: return .ended(.granted)
            case .failure(let error as RateLimitError): return .ended(.threw(error))
            case .failure: return .ended(.threwSomethingElse)
            }
        }
        group.addTask {
            let deadline = ContinuousClock.now + timeout
            while ContinuousClock.now < deadline && !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(5))
            }
            return .timedOut
        }
        let first = await group.next()
        group.cancelAll()
        if case .ended(let ending)? = first { return ending }
        task.cancel()
        return .hung
    }
}

/// Values appended from many tasks.
private final class Recorder<Value: Sendable>: Sendable {
    private let values = Mutex<[Value]>([])
    func append(_ value: Value) { values.withLock { $0.append(value) } }
    var all: [Value] { values.withLock { $0 } }
}

/// A task executor that runs jobs only when told to, so a test can hold a resumed task still.
private final class ManualTaskExecutor: TaskExecutor, Sendable {
    private let jobs = Mutex<[UnownedJob]>([])

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        jobs.withLock { $0.append(job) }
    }

    var pendingJobs: Int { jobs.withLock { $0.count } }

    /// Runs queued jobs (and those they enqueue) on the calling thread until none is left.
    func drain() {
        while let job = jobs.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) {
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}

private func limiter(
    calls: Int = 1, period: Duration = .seconds(1), burst: Int? = 1, maxQueue: Int = 100,
    maxWait: Duration = .seconds(60), clock: ManualClock
) throws -> RateLimiter {
    let configuration = try RateLimiterConfiguration(
        calls: calls, period: period, burst: burst, maxQueue: maxQueue, maxWait: maxWait)
    return RateLimiter(configuration: configuration, clock: clock)
}

@Suite struct RateLimiterTests {
    @Test func aFreePermitIsGrantedWithoutWaiting() async throws {
        let clock = ManualClock()
        let limiter = try limiter(calls: 2, burst: 2, clock: clock)
        try await limiter.acquire()
        #expect(limiter.tryAcquire())
        #expect(!limiter.tryAcquire())
        let snapshot = limiter.snapshot()
        #expect(snapshot.granted == 2)
        #expect(snapshot.permitsAvailable == 0)
        #expect(snapshot.timeToNextPermit == .milliseconds(500))
        #expect(clock.sleeperCount == 0)  // no timer without waiters
    }

    @Test func waitersAreServedInArrivalOrder() async throws {
        let clock = ManualClock()
        let limiter = try limiter(clock: clock)
        try await limiter.acquire()
        let order = Recorder<Int>()
        var tasks: [Task<Void, any Error>] = []
        for index in 0..<6 {
            tasks.append(
                Task {
                    try await limiter.acquire()
                    order.append(index)
                })
            // The next waiter starts only once this one is queued, so arrival order is known.
            #expect(await eventually { limiter.snapshot().queueDepth == index + 1 })
        }
        #expect(limiter.snapshot().queuePeak == 6)
        for granted in 1...6 {
            #expect(await eventually { clock.nextDeadline == Instant.zero + .seconds(granted) })
            clock.advance(to: .zero + .seconds(granted))
            #expect(await eventually { order.all.count == granted })
        }
        for task in tasks { #expect(await ending(of: task) == .granted) }
        #expect(order.all == Array(0..<6))
        let snapshot = limiter.snapshot()
        #expect(snapshot.granted == 7)
        #expect(snapshot.queueDepth == 0)
        #expect(snapshot.waitMax == .seconds(6))
    }

    @Test func aFullQueueRejectsWithATypedError() async throws {
        let clock = ManualClock()
        let limiter = try limiter(maxQueue: 1, clock: clock)
        try await limiter.acquire()
        let queued = Task { try await limiter.acquire() }
        #expect(await eventually { limiter.snapshot().queueDepth == 1 })
        await #expect(throws: RateLimitError.queueFull(maxQueue: 1)) { try await limiter.acquire() }
        #expect(limiter.snapshot().rejectedQueueFull == 1)
        clock.advance(by: .seconds(1))
        #expect(await ending(of: queued) == .granted)
    }

    @Test func aWaitBeyondMaxWaitIsRejectedAtOnce() async throws {
        let clock = ManualClock()
        let limiter = try limiter(period: .seconds(10), maxWait: .seconds(1), clock: clock)
        try await limiter.acquire()
        await #expect(throws: RateLimitError.waitWouldExceed(maxWait: .seconds(1), estimated: .seconds(10))) {
            try await limiter.acquire()
        }
        #expect(limiter.snapshot().rejected == 1)
        #expect(limiter.snapshot().queueDepth == 0)
    }

    @Test func aReconfiguredLimiterTimesOutWaitersItCanNoLongerServe() async throws {
        let clock = ManualClock()
        let limiter = try limiter(calls: 10, clock: clock)
        try await limiter.acquire()
        let waiter = Task { try await limiter.acquire() }
        #expect(await eventually { limiter.snapshot().queueDepth == 1 })
        limiter.reconfigure(
            try RateLimiterConfiguration(calls: 1, period: .seconds(60), maxWait: .seconds(2)))
        #expect(limiter.configuration.period == .seconds(60))
        // The timer armed for the old rate wakes early, finds nothing due, and re-arms for the deadline.
        clock.advance(to: .zero + .milliseconds(1_900))
        #expect(await eventually { clock.nextDeadline == Instant.zero + .seconds(2) })
        #expect(limiter.snapshot().queueDepth == 1)
        clock.advance(to: .zero + .seconds(2))
        #expect(await ending(of: waiter) == .threw(.waitedTooLong(maxWait: .seconds(2))))
    }

    @Test func aCancelledWaiterLeavesAndTheNextTakesItsPermit() async throws {
        let clock = ManualClock()
        let limiter = try limiter(clock: clock)
        try await limiter.acquire()
        let first = Task { try await limiter.acquire() }
        #expect(await eventually { limiter.snapshot().queueDepth == 1 })
        let second = Task { try await limiter.acquire() }
        #expect(await eventually { limiter.snapshot().queueDepth == 2 })
        first.cancel()
        #expect(await ending(of: first) == .threw(.cancelled))
        #expect(limiter.snapshot().queueDepth == 1)
        // The permit due at 1 s goes to the second waiter, not lost with the first.
        clock.advance(to: .zero + .seconds(1))
        #expect(await ending(of: second) == .granted)
        let snapshot = limiter.snapshot()
        #expect(snapshot.granted == 2)
        #expect(snapshot.cancelled == 1)
        #expect(snapshot.timeToNextPermit == .seconds(1))
    }

    @Test func anAlreadyCancelledTaskGetsNoPermit() async throws {
        let clock = ManualClock()
        let limiter = try limiter(calls: 5, burst: 5, clock: clock)
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await limiter.acquire()
        }
        #expect(await ending(of: task) == .threw(.cancelled))
        #expect(limiter.snapshot().permitsAvailable == 5)
    }

    /// The losing order of the race, forced: the permit is granted, then the waiter's task is
    /// cancelled before it runs again. The permit must go to the next waiter at once.
    @Test func aPermitGrantedToATaskCancelledBeforeItRunsGoesToTheNextWaiter() async throws {
        let clock = ManualClock()
        let limiter = try limiter(clock: clock)
        try await limiter.acquire()
        let executor = ManualTaskExecutor()
        let racer = Task(executorPreference: executor) { try await limiter.acquire() }
        executor.drain()  // runs the racer until it is queued
        #expect(limiter.snapshot().queueDepth == 1)
        let bystander = Task { try await limiter.acquire() }
        #expect(await eventually { limiter.snapshot().queueDepth == 2 })
        #expect(await eventually { clock.nextDeadline != nil })
        clock.advance(to: .zero + .seconds(1))
        // The timer granted the racer and resumed it; the racer is queued on the executor, not running.
        #expect(await eventually { executor.pendingJobs == 1 })
        #expect(limiter.snapshot().queueDepth == 1)
        racer.cancel()
        executor.drain()
        #expect(await ending(of: racer) == .threw(.cancelled))
        #expect(await ending(of: bystander) == .granted)  // at 1 s: the racer's permit, handed on
        #expect(clock.now() == .zero + .seconds(1))
        let snapshot = limiter.snapshot()
        #expect(snapshot.granted == 2)
        #expect(snapshot.cancelled == 1)
        #expect(limiter.state.withLock { $0.machine.counters.refunded } == 1)
    }

    /// A grant and a cancellation in the same instant: whichever wins, exactly one of the two
    /// waiters ends up with the permit due at 1 s, and the limiter's count agrees.
    @Test func aGrantRacingACancellationLosesNoPermit() async throws {
        var cancelledWins = 0
        for _ in 0..<100 {
            let clock = ManualClock()
            let limiter = try limiter(clock: clock)
            try await limiter.acquire()
            let racer = Task { try await limiter.acquire() }
            #expect(await eventually { limiter.snapshot().queueDepth == 1 })
            let bystander = Task { try await limiter.acquire() }
            #expect(await eventually { limiter.snapshot().queueDepth == 2 })
            #expect(await eventually { clock.nextDeadline != nil })
            clock.advance(to: .zero + .seconds(1))
            racer.cancel()
            let racerGotIt = await ending(of: racer) == .granted
            if racerGotIt {
                #expect(limiter.snapshot().queueDepth == 1)
                clock.advance(to: .zero + .seconds(2))
            } else {
                cancelledWins += 1
            }

            // The bystander is served by the permit of 1 s when the racer gave it up, else by the next.
            #expect(await ending(of: bystander) == .granted)
            let snapshot = limiter.snapshot()
            #expect(snapshot.granted == (racerGotIt ? 3 : 2))
            #expect(snapshot.cancelled == (racerGotIt ? 0 : 1))
            #expect(clock.now() == .zero + .seconds(racerGotIt ? 2 : 1))
        }
        #expect(cancelledWins > 0)
    }
}
