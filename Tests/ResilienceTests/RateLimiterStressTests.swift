import Synchronization
import Testing

@testable import Resilience

/// How many acquisitions ended which way, counted from many tasks.
private final class Tally: Sendable {
    private struct Counts { var granted = 0, cancelled = 0, other: [RateLimitError] = [] }
    private let counts = Mutex(Counts())

    func record(_ result: Result<Void, RateLimitError>) {
        counts.withLock { counts in
            switch result {
            case .success: counts.granted += 1
            case .failure(.cancelled): counts.cancelled += 1
            case .failure(let error): counts.other.append(error)
            }
        }
    }

    var granted: Int { counts.withLock { $0.granted } }
    var cancelled: Int { counts.withLock { $0.cancelled } }
    var other: [RateLimitError] { counts.withLock { $0.other } }
    var finished: Int { counts.withLock { $0.granted + $0.cancelled + $0.other.count } }
}

/// Starts `count` tasks that each acquire once and tally how it ended.
private func startAcquirers(_ count: Int, on limiter: RateLimiter, into tally: Tally) -> [Task<Void, Never>] {
    (0..<count).map { _ in
        Task {
            do throws(RateLimitError) {
                try await limiter.acquire()
                tally.record(.success(()))
            } catch {
                tally.record(.failure(error))
            }
        }
    }
}

@Suite struct RateLimiterStressTests {
    /// 3,000 concurrent acquirers on a manual clock, a fifth of them cancelled at random moments:
    /// every task ends exactly once, the limiter's books match the tasks', and the clock shows that
    /// permits were neither lost (the run would take longer) nor over-granted (it would be shorter).
    @Test func thousandsOfAcquirersWithRandomCancellationsOnAManualClock() async throws {
        let clock = ManualClock()
        let configuration = try RateLimiterConfiguration(
            calls: 100, period: .seconds(1), maxQueue: 10_000, maxWait: .seconds(3_600))
        let limiter = RateLimiter(configuration: configuration, clock: clock)
        let tally = Tally()
        let tasks = startAcquirers(3_000, on: limiter, into: tally)
        let arrived = await eventually(timeout: .seconds(60)) {
            let snapshot = limiter.snapshot()
            return snapshot.granted + snapshot.queueDepth + tally.cancelled == 3_000
        }
        #expect(arrived)
        var rng = SystemRandomNumberGenerator()
        var toCancel = Array(tasks.shuffled(using: &rng).prefix(600))
        let deadline = ContinuousClock.now + .seconds(60)
        while tally.finished < 3_000 && ContinuousClock.now < deadline {
            if !toCancel.isEmpty && Int.random(in: 0..<4, using: &rng) == 0 { toCancel.removeLast().cancel() }
            if let wake = clock.nextDeadline { clock.advance(to: wake) }
            await Task.yield()
        }
        #expect(tally.finished == 3_000, "stuck: \(tally.finished) of 3000 finished")
        if tally.finished < 3_000 { for task in tasks { task.cancel() } }  // fail, don't hang
        for task in tasks { await task.value }
        #expect(tally.other.isEmpty)
        #expect(tally.granted + tally.cancelled == 3_000)
        #expect(tally.cancelled > 0)
        let snapshot = limiter.snapshot()
        #expect(snapshot.granted == tally.granted)
        #expect(snapshot.cancelled == tally.cancelled)
        #expect(snapshot.queueDepth == 0)
        // Saturated from the start: permit k beyond the burst of 100 is due at k × 10 ms.
        let elapsed = Instant.zero.duration(to: clock.now())
        let permitsAfterBurst = tally.granted - 100
        #expect(
            elapsed >= .milliseconds(10) * permitsAfterBurst, "over-granted: \(tally.granted) by \(elapsed)")
        #expect(
            elapsed <= .milliseconds(10) * (permitsAfterBurst + 1),
            "lost permits: \(tally.granted) by \(elapsed)")
    }

    /// The same on the real clock with the real timer: 4,000 acquirers at 20,000 permits a second.
    @Test func thousandsOfAcquirersOnTheSystemClock() async throws {
        let configuration = try RateLimiterConfiguration(
            calls: 1_000, period: .milliseconds(50), burst: 20, maxQueue: 10_000, maxWait: .seconds(30))
        let clock = SystemClock()
        let limiter = RateLimiter(configuration: configuration, clock: clock)
        let tally = Tally()
        let tasks = startAcquirers(4_000, on: limiter, into: tally)
        for task in tasks.shuffled().prefix(400) { task.cancel() }
        let finished = await eventually(timeout: .seconds(60)) { tally.finished == 4_000 }
        #expect(finished, "deadlock? \(tally.finished) of 4000 finished")
        let elapsed = Instant.zero.duration(to: clock.now())
        if !finished { for task in tasks { task.cancel() } }  // fail, don't hang
        for task in tasks { await task.value }
        #expect(tally.other.isEmpty)
        #expect(tally.granted + tally.cancelled == 4_000)
        let snapshot = limiter.snapshot()
        #expect(snapshot.granted == tally.granted)
        // Tasks cancelled before they reached the limiter throw without it seeing them.
        #expect(snapshot.cancelled <= tally.cancelled)
        #expect(snapshot.queueDepth == 0)
        // Never faster than the rate: 20 at once, then one every 50 µs.
        #expect(elapsed >= .microseconds(50) * (tally.granted - 20), "\(tally.granted) granted in \(elapsed)")
    }
}

/// Polls `condition` until it holds or `timeout` of real time passes; returns whether it held.
private func eventually(timeout: Duration, _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(1))
    }
    return condition()
}
