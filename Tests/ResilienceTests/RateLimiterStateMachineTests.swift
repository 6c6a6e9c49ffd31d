import Testing

@testable import Resilience

private func at(_ seconds: Double) -> Instant { Instant(nanoseconds: Int64((seconds * 1e9).rounded())) }

private func config(
    calls: Int, period: Duration = .seconds(1), burst: Int? = nil, maxQueue: Int = 100,
    maxWait: Duration = .seconds(5)
) throws -> RateLimiterConfiguration {
    try RateLimiterConfiguration(
        calls: calls, period: period, burst: burst, maxQueue: maxQueue, maxWait: maxWait)
}

@Suite struct RateLimiterStateMachineTests {
    @Test func configurationRejectsMeaninglessValues() {
        #expect(throws: RateLimiterConfigurationError.nonPositiveCalls(0)) {
            try RateLimiterConfiguration(calls: 0, period: .seconds(1))
        }
        #expect(throws: RateLimiterConfigurationError.nonPositivePeriod(.zero)) {
            try RateLimiterConfiguration(calls: 1, period: .zero)
        }
        #expect(throws: RateLimiterConfigurationError.nonPositiveBurst(0)) {
            try RateLimiterConfiguration(calls: 1, period: .seconds(1), burst: 0)
        }
        #expect(throws: RateLimiterConfigurationError.negativeMaxQueue(-1)) {
            try RateLimiterConfiguration(calls: 1, period: .seconds(1), maxQueue: -1)
        }
        #expect(throws: RateLimiterConfigurationError.negativeMaxWait(.seconds(-1))) {
            try RateLimiterConfiguration(calls: 1, period: .seconds(1), maxWait: .seconds(-1))
        }
        let defaults = try? RateLimiterConfiguration(calls: 5, period: .seconds(1))
        #expect(defaults?.burst == 5)
        #expect(defaults?.maxQueue == 100)
        #expect(defaults?.maxWait == .seconds(5))
    }

    /// A million calls a day is 8.64 × 10^19 credits in the bucket: beyond 64 bits.
    @Test func aDailyQuotaBeyondSixtyFourBitsOfCreditsIsExact() throws {
        var machine = RateLimiterStateMachine(
            configuration: try config(calls: 1_000_000, period: .seconds(86_400)), now: at(0))
        #expect(machine.snapshot(now: at(0)).permitsAvailable == 1_000_000)
        for id in 0..<10 { #expect(machine.acquire(UInt64(id), now: at(0)) == .granted) }
        #expect(machine.snapshot(now: at(0)).permitsAvailable == 999_990)
        #expect(machine.snapshot(now: at(0.432)).permitsAvailable == 999_995)  // one per 86.4 ms
        #expect(machine.snapshot(now: at(3_600)).permitsAvailable == 1_000_000)
    }

    @Test func grantsTheBurstThenQueuesWithKnownGrantTimes() throws {
        var machine = RateLimiterStateMachine(configuration: try config(calls: 2, maxQueue: 3), now: at(0))
        #expect(machine.acquire(1, now: at(0)) == .granted)
        #expect(machine.acquire(2, now: at(0)) == .granted)
        #expect(machine.acquire(3, now: at(0)) == .enqueued(grantAt: at(0.5), deadline: at(5)))
        #expect(machine.acquire(4, now: at(0)) == .enqueued(grantAt: at(1), deadline: at(5)))
        #expect(machine.acquire(5, now: at(0)) == .enqueued(grantAt: at(1.5), deadline: at(5)))
        #expect(machine.acquire(6, now: at(0)) == .rejected(.queueFull(maxQueue: 3)))
        #expect(machine.nextWakeUp == at(0.5))
        #expect(machine.tick(now: at(0.499)).granted.isEmpty)
        let first = machine.tick(now: at(0.5))
        #expect(first.granted == [3])
        #expect(first.nextWakeUp == at(1))
        #expect(machine.tick(now: at(1.5)).granted == [4, 5])
        #expect(machine.nextWakeUp == nil)
    }

    @Test func aNewArrivalNeverOvertakesAQueuedWaiter() throws {
        var machine = RateLimiterStateMachine(configuration: try config(calls: 2, burst: 1), now: at(0))
        #expect(machine.acquire(1, now: at(0)) == .granted)
        #expect(machine.acquire(2, now: at(0)) == .enqueued(grantAt: at(0.5), deadline: at(5)))
        // At 0.7 s a permit has accrued but the owner has not ticked yet: the newcomer still queues.
        #expect(machine.acquire(3, now: at(0.7)) == .enqueued(grantAt: at(1), deadline: at(5.7)))
        let tick = machine.tick(now: at(0.7))
        #expect(tick.granted == [2])
        #expect(tick.nextWakeUp == at(1))
        #expect(machine.tick(now: at(1)).granted == [3])
    }

    @Test func anArrivalThatWouldWaitTooLongIsRejectedUpFront() throws {
        var machine = RateLimiterStateMachine(
            configuration: try config(calls: 1, burst: 1, maxWait: .milliseconds(2_500)), now: at(0))
        #expect(machine.acquire(1, now: at(0)) == .granted)
        #expect(machine.acquire(2, now: at(0)) == .enqueued(grantAt: at(1), deadline: at(2.5)))
        #expect(machine.acquire(3, now: at(0)) == .enqueued(grantAt: at(2), deadline: at(2.5)))
        let rejected = machine.acquire(4, now: at(0))
        #expect(
            rejected == .rejected(.waitWouldExceed(maxWait: .milliseconds(2_500), estimated: .seconds(3))))
        if case .rejected(let error) = rejected {
            #expect(error.retryAfter == .seconds(3))
            #expect(error.isRejection)
        }
        #expect(machine.snapshot(now: at(0)).rejectedWait == 1)
    }

    @Test func zeroMaxWaitOrMaxQueueNeverQueues() throws {
        var noWait = RateLimiterStateMachine(configuration: try config(calls: 1, maxWait: .zero), now: at(0))
        #expect(noWait.acquire(1, now: at(0)) == .granted)
        #expect(
            noWait.acquire(2, now: at(0.5))
                == .rejected(.waitWouldExceed(maxWait: .zero, estimated: .milliseconds(500))))
        var noQueue = RateLimiterStateMachine(configuration: try config(calls: 1, maxQueue: 0), now: at(0))
        #expect(noQueue.acquire(1, now: at(0)) == .granted)
        #expect(noQueue.acquire(2, now: at(0)) == .rejected(.queueFull(maxQueue: 0)))
        #expect(noQueue.acquire(3, now: at(1)) == .granted)
    }

    @Test func cancellingAWaiterMovesEveryoneBehindItUp() throws {
        var machine = RateLimiterStateMachine(configuration: try config(calls: 1, burst: 1), now: at(0))
        #expect(machine.acquire(1, now: at(0)) == .granted)
        _ = machine.acquire(2, now: at(0))
        _ = machine.acquire(3, now: at(0))
        _ = machine.acquire(4, now: at(0))
        #expect(machine.cancel(3, now: at(0.2)) == .removed)
        #expect(machine.cancel(3, now: at(0.2)) == .notQueued)
        #expect(machine.tick(now: at(1)).granted == [2])
        #expect(machine.tick(now: at(2)).granted == [4])  // 4 took 3's place: no permit stranded
        #expect(machine.cancel(2, now: at(2)) == .notQueued)  // already granted
        #expect(machine.snapshot(now: at(2)).cancelled == 1)
    }

    @Test func aRefundedPermitGoesToTheNextWaiterAtOnce() throws {
        var machine = RateLimiterStateMachine(configuration: try config(calls: 1, burst: 1), now: at(0))
        #expect(machine.acquire(1, now: at(0)) == .granted)
        _ = machine.acquire(2, now: at(0))
        _ = machine.acquire(3, now: at(0))
        #expect(machine.tick(now: at(1)).granted == [2])
        // 2's task was cancelled in the instant it was granted: the cancel finds nothing queued...
        #expect(machine.cancel(2, now: at(1)) == .notQueued)
        // ...so the owner refunds, and 3 gets that same permit now rather than at 2 s.
        let refund = machine.refund(now: at(1))
        #expect(refund.granted == [3])
        #expect(refund.nextWakeUp == nil)
        #expect(machine.acquire(4, now: at(1)) == .enqueued(grantAt: at(2), deadline: at(6)))
        let snapshot = machine.snapshot(now: at(1))
        #expect(snapshot.granted == 2)  // 1 and 3; 2's permit was handed on
        #expect(snapshot.cancelled == 1)
    }

    @Test func aRefundIntoAFullBucketIsCappedAtTheBurst() throws {
        var machine = RateLimiterStateMachine(configuration: try config(calls: 2, burst: 2), now: at(0))
        #expect(machine.acquire(1, now: at(0)) == .granted)
        _ = machine.refund(now: at(5))  // the bucket refilled long ago
        #expect(machine.snapshot(now: at(5)).permitsAvailable == 2)
    }

    @Test func reconfiguringToASlowerRateExpiresWaitersAtTheirDeadline() throws {
        var machine = RateLimiterStateMachine(
            configuration: try config(calls: 10, burst: 1, maxWait: .seconds(2)), now: at(0))
        #expect(machine.acquire(0, now: at(0)) == .granted)
        for id in 1...5 { _ = machine.acquire(UInt64(id), now: at(0)) }
        let slower = try config(calls: 1, period: .seconds(10), burst: 1, maxQueue: 4, maxWait: .seconds(1))
        let change = machine.reconfigure(slower, now: at(0.05))
        #expect(change.rejected == [.init(id: 5, error: .queueFull(maxQueue: 4))])
        #expect(change.granted.isEmpty)
        // Half a permit had accrued at the old rate (0.05 s × 10/s); it is kept as half a permit.
        #expect(machine.snapshot(now: at(0.05)).timeToNextPermit == .seconds(5 + 40))  // 4.5 permits of 10 s
        #expect(machine.nextWakeUp == at(1.05))  // deadlines brought forward to now + 1 s
        let expiry = machine.tick(now: at(1.05))
        #expect(expiry.granted.isEmpty)
        #expect(expiry.rejected.map(\.id) == [1, 2, 3, 4])
        #expect(expiry.rejected.allSatisfy { $0.error == .waitedTooLong(maxWait: .seconds(1)) })
        #expect(machine.snapshot(now: at(1.05)).rejectedWait == 4)
    }

    @Test func snapshotReportsTheBucketAndQueueWithoutChangingThem() throws {
        var machine = RateLimiterStateMachine(configuration: try config(calls: 4, burst: 2), now: at(0))
        #expect(machine.snapshot(now: at(0)).permitsAvailable == 2)
        #expect(machine.acquire(1, now: at(0)) == .granted)
        #expect(machine.snapshot(now: at(0.125)).permitsAvailable == 1.5)
        #expect(machine.acquire(2, now: at(0.125)) == .granted)
        let empty = machine.snapshot(now: at(0.125))
        #expect(empty.permitsAvailable == 0.5)
        #expect(empty.timeToNextPermit == .milliseconds(125))
        _ = machine.acquire(3, now: at(0.125))
        _ = machine.acquire(4, now: at(0.125))
        let queued = machine.snapshot(now: at(0.125))
        #expect(queued.queueDepth == 2)
        #expect(queued.queuePeak == 2)
        #expect(queued.permitsAvailable == 0)
        #expect(queued.timeToNextPermit == .milliseconds(625))  // behind two waiters
        // Reading at a later instant did not move the bucket: the tick still grants at 0.25 s.
        _ = machine.snapshot(now: at(9))
        #expect(machine.tick(now: at(0.25)).granted == [3])
        #expect(machine.tick(now: at(0.5)).granted == [4])
        let drained = machine.snapshot(now: at(0.5))
        #expect(drained.granted == 4)
        #expect(drained.queueDepth == 0)
        #expect(drained.queuePeak == 2)
        #expect(drained.waitSamples == 4)
        #expect(drained.waitP50 == .zero)
        #expect(drained.waitMax == .milliseconds(375))
        #expect(drained.waitP99 == .milliseconds(375))
    }
}
