import Synchronization
import Testing

@testable import Resilience

private struct Boom: Error, Equatable {}
private struct NotFound: Error {}

/// A value behind a lock that escaping `@Sendable` closures can share.
private final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    init(_ value: Value) { mutex = Mutex(value) }
    var value: Value { mutex.withLock { $0 } }
    func mutate(_ body: (inout Value) -> Void) { mutex.withLock { body(&$0) } }
}

/// The thread-safe owner: execute, classification, clock use, callbacks outside the lock.
@Suite struct CircuitBreakerTests {
    @Test func executeReturnsRethrowsAndFailsFastWhenOpen() async throws {
        let clock = ManualClock()
        let breaker = CircuitBreaker(configuration: .init(failureThreshold: 2), clock: clock)
        #expect(try await breaker.execute { 42 } == 42)
        for _ in 0..<2 {
            await #expect(throws: Boom.self) { try await breaker.execute { throw Boom() } }
        }
        #expect(breaker.state == .open)
        let ran = Mutex(false)
        let error = await #expect(throws: CircuitOpenError.self) {
            try await breaker.execute { ran.withLock { $0 = true } }
        }
        #expect(error?.trialDueIn == .seconds(60))
        #expect(!ran.withLock { $0 }, "a rejected call must not run")
    }

    @Test func classifierDecidesWhatCounts() async {
        let breaker = CircuitBreaker(configuration: .init(failureThreshold: 1), clock: ManualClock())
        let onlyBoom: @Sendable (Result<Int, any Error>) -> CallOutcome = CallOutcome.failing { $0 is Boom }
        for _ in 0..<5 {
            await #expect(throws: NotFound.self) {
                try await breaker.execute({ throw NotFound() }, classify: onlyBoom)
            }
        }
        #expect(breaker.state == .closed, "errors the classifier ignores do not trip the breaker")
        #expect(breaker.snapshot().totals.ignored == 5)
        await #expect(throws: Boom.self) { try await breaker.execute({ throw Boom() }, classify: onlyBoom) }
        #expect(breaker.state == .open)
    }

    @Test func cancellationIsIgnoredByDefault() async {
        let breaker = CircuitBreaker(configuration: .init(failureThreshold: 1), clock: ManualClock())
        await #expect(throws: CancellationError.self) {
            try await breaker.execute { throw CancellationError() }
        }
        #expect(breaker.state == .closed)
        #expect(breaker.snapshot().totals.ignored == 1)
    }

    @Test func durationIsMeasuredOnTheInjectedClock() async throws {
        let clock = ManualClock()
        let breaker = CircuitBreaker(
            configuration: .init(
                failureThreshold: nil, slowCallRateThreshold: 0.5, slowCallDuration: .seconds(1),
                minimumCalls: 2),
            clock: clock)
        try await breaker.execute { clock.advance(by: .milliseconds(900)) }
        #expect(breaker.state == .closed)
        try await breaker.execute { clock.advance(by: .seconds(2)) }
        #expect(breaker.state == .open)
        #expect(breaker.snapshot().lastTransition?.reason.description.hasPrefix("slow-call rate 50%") == true)
    }

    @Test func explicitDurationOverridesTheClock() throws {
        let breaker = CircuitBreaker(
            configuration: .init(slowCallDuration: .seconds(1)), clock: ManualClock())
        let permit = try breaker.tryAcquire()
        breaker.record(.success, for: permit, duration: .seconds(5))
        #expect(breaker.snapshot().window.slowCalls == 1)
    }

    @Test func callerSuppliedInstantsAreUsedInsteadOfTheClock() throws {
        let breaker = CircuitBreaker(
            configuration: .init(failureThreshold: 1, recoveryTimeout: .seconds(10)), clock: ManualClock())
        let start = Instant(nanoseconds: 5_000_000_000)
        let permit = try breaker.tryAcquire(now: start)
        #expect(permit.acquiredAt == start)
        let transition = breaker.record(.failure, for: permit, now: start + .seconds(2))
        #expect(transition?.at == start + .seconds(2))
        #expect(throws: CircuitOpenError(state: .open, trialDueIn: .seconds(1))) {
            try breaker.tryAcquire(now: start + .seconds(11))
        }
        #expect(try breaker.tryAcquire(now: start + .seconds(12)).kind == .trial)
    }

    @Test func onTransitionRunsOutsideTheLock() throws {
        let clock = ManualClock()
        let seen = Locked<[String]>([])
        let holder = Locked<CircuitBreaker?>(nil)
        let breaker = CircuitBreaker(configuration: .init(failureThreshold: 1), clock: clock) { transition in
            // Re-entering the breaker here would deadlock if the callback ran under its lock.
            guard let breaker = holder.value else { return }
            let state = breaker.snapshot().state
            seen.mutate {
                $0.append("\(transition.from.rawValue)→\(transition.to.rawValue) now \(state.rawValue)")
            }
        }
        holder.mutate { $0 = breaker }
        breaker.record(.failure, for: try breaker.tryAcquire())
        clock.advance(by: .seconds(60))
        #expect(breaker.snapshot().state == .open, "reading never moves the breaker")
        let trial = try breaker.tryAcquire()
        #expect(trial.kind == .trial)
        breaker.record(.success, for: trial)
        breaker.forceOpen()
        breaker.release()
        #expect(
            seen.value == [
                "closed→open now open", "open→half_open now half_open", "half_open→closed now closed",
                "closed→forced_open now forced_open", "forced_open→half_open now half_open",
            ])
        holder.mutate { $0 = nil }
    }

    @Test func concurrentTrialsAreLimitedToHalfOpenMaxCalls() async throws {
        let clock = ManualClock()
        let breaker = CircuitBreaker(
            configuration: .init(failureThreshold: 1, recoveryTimeout: .seconds(1), halfOpenMaxCalls: 3),
            clock: clock)
        breaker.record(.failure, for: try breaker.tryAcquire())
        clock.advance(by: .seconds(1))
        let permits = await withTaskGroup(of: BreakerPermit?.self) { group in
            for _ in 0..<200 { group.addTask { try? breaker.tryAcquire() } }
            return await group.reduce(into: [BreakerPermit]()) { if let permit = $1 { $0.append(permit) } }
        }
        #expect(permits.count == 3)
        #expect(Set(permits.map(\.ticket)).count == 3)
        #expect(permits.allSatisfy { $0.kind == .trial })
        #expect(breaker.snapshot().totals.rejected == 197)
        for permit in permits { breaker.record(.success, for: permit) }
        #expect(breaker.state == .closed)
    }

    /// Per-task tallies, summed after the group finishes.
    private struct Tally {
        var permitted = 0
        var rejected = 0
        var recorded = 0
        var nilResets = 0
        static func + (a: Tally, b: Tally) -> Tally {
            Tally(
                permitted: a.permitted + b.permitted, rejected: a.rejected + b.rejected,
                recorded: a.recorded + b.recorded, nilResets: a.nilResets + b.nilResets)
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func stressManyTasksThroughOneBreaker() async throws {
        let clock = ManualClock()
        let log = Locked<[BreakerTransition]>([])
        let holder = Locked<CircuitBreaker?>(nil)
        let configuration = CircuitBreakerConfiguration(
            failureThreshold: 4, failureRateThreshold: 0.5, window: .count(50), minimumCalls: 10,
            recoveryTimeout: .milliseconds(5), halfOpenMaxCalls: 4, halfOpenSuccesses: 2)
        let breaker = CircuitBreaker(configuration: configuration, clock: clock) { transition in
            log.mutate { $0.append(transition) }
            _ = holder.value?.snapshot()  // re-entrant read under contention
        }
        holder.mutate { $0 = breaker }
        let tasks = 4_000
        let attempts = 5
        let tally = await withTaskGroup(of: Tally.self) { group in
            for task in 0..<tasks {
                group.addTask {
                    var tally = Tally()
                    for attempt in 0..<attempts {
                        let roll = (task &* 7_919 &+ attempt &* 104_729) % 100
                        if task % 97 == 0 && attempt == 0 {
                            let action = TransitionReason.OperatorAction.allCases[(task / 97) % 5]
                            if breaker.apply(action) == nil && action == .reset { tally.nilResets += 1 }
                        }
                        if roll < 3 { clock.advance(by: .milliseconds(2)) }
                        do {
                            let permit = try breaker.tryAcquire()
                            tally.permitted += 1
                            if roll % 7 == 0 { await Task.yield() }  // let others run while "in flight"
                            let outcome: CallOutcome = roll < 45 ? .failure : roll < 92 ? .success : .ignored
                            breaker.record(outcome, for: permit, duration: .milliseconds(Int64(roll)))
                            tally.recorded += 1
                        } catch {
                            tally.rejected += 1
                        }
                    }
                    return tally
                }
            }
            return await group.reduce(Tally(), +)
        }
        holder.mutate { $0 = nil }

        let snapshot = breaker.snapshot()
        let totals = snapshot.totals
        #expect(tally.permitted + tally.rejected == tasks * attempts)
        #expect(totals.permitted == tally.permitted, "no lost or double-counted permits")
        #expect(totals.rejected == tally.rejected)
        #expect(
            totals.succeeded + totals.failed + totals.ignored + totals.stale == tally.recorded,
            "every outcome counted exactly once")
        #expect(tally.recorded == tally.permitted)

        let transitions = log.value.sorted { $0.generation < $1.generation }
        #expect(!transitions.isEmpty)
        #expect(Set(transitions.map(\.generation)).count == transitions.count, "each generation starts once")
        for (previous, next) in zip(transitions, transitions.dropFirst()) {
            #expect(next.from == previous.to, "transitions form one chain: \(previous) then \(next)")
        }
        #expect(transitions.last?.to == snapshot.state)
        #expect(snapshot.generation == UInt64(transitions.count + tally.nilResets))
        #expect(snapshot.trips == transitions.filter { $0.to == .open }.count)
        #expect(snapshot.window.calls <= 50)
        if let ledger = snapshot.halfOpen {
            #expect(ledger.inFlight == 0, "nothing is in flight once every task has finished")
        }
    }
}
