import TestSupport
import Testing

@testable import Resilience

@Suite struct BulkheadStateTests {
    let t0 = Instant.zero

    @Test func grantsThenQueuesThenRejects() {
        var state = BulkheadState(maxConcurrent: 2, maxQueue: 1)
        #expect(state.acquire(id: 1, now: t0) == .granted)
        #expect(state.acquire(id: 2, now: t0) == .granted)
        #expect(state.acquire(id: 3, now: t0) == .enqueued(deadline: nil))
        let full = BulkheadFullError(reason: .queueFull, maxConcurrent: 2, maxQueue: 1)
        #expect(state.acquire(id: 4, now: t0) == .rejected(full))
        let metrics = state.snapshot
        #expect(metrics.inFlight == 2 && metrics.queued == 1 && metrics.rejectedQueueFull == 1)
        #expect(metrics.peakInFlight == 2 && metrics.peakQueued == 1 && metrics.admitted == 2)
    }

    @Test func releaseHandsTheSlotToTheOldestWaiter() {
        var state = BulkheadState(maxConcurrent: 1, maxQueue: 5)
        #expect(state.acquire(id: 1, now: t0) == .granted)
        #expect(state.acquire(id: 2, now: t0) == .enqueued(deadline: nil))
        #expect(state.acquire(id: 3, now: t0) == .enqueued(deadline: nil))
        #expect(state.release() == .handOff(to: 2))
        #expect(state.snapshot.inFlight == 1, "the slot moved without dipping")
        #expect(state.release() == .handOff(to: 3))
        #expect(state.release() == .none)
        #expect(state.snapshot.inFlight == 0)
        #expect(state.release() == .none, "an extra release is ignored")
        #expect(state.snapshot.inFlight == 0 && state.snapshot.admitted == 3)
    }

    @Test func newcomersDoNotBargePastWaiters() {
        var state = BulkheadState(maxConcurrent: 2, maxQueue: 5)
        _ = state.acquire(id: 1, now: t0)
        _ = state.acquire(id: 2, now: t0)
        _ = state.acquire(id: 3, now: t0)
        // A waiter is queued: even with a free slot a newcomer may not jump it.
        #expect(state.cancel(id: 3) == true)
        #expect(state.tryAcquire() == false)
        _ = state.acquire(id: 4, now: t0)
        #expect(state.release() == .handOff(to: 4))
        #expect(state.tryAcquire() == false)
        #expect(state.release() == .none)
        #expect(state.tryAcquire() == true)
    }

    @Test func cancelRemovesOnlyQueuedWaiters() {
        var state = BulkheadState(maxConcurrent: 1, maxQueue: 5)
        _ = state.acquire(id: 1, now: t0)
        _ = state.acquire(id: 2, now: t0)
        _ = state.acquire(id: 3, now: t0)
        #expect(state.cancel(id: 2) == true)
        #expect(state.cancel(id: 2) == false, "already gone")
        #expect(state.cancel(id: 1) == false, "holds a slot: its owner must release")
        #expect(state.release() == .handOff(to: 3))
        #expect(state.snapshot.cancelled == 1)
    }

    @Test func maxWaitSetsADeadlineAndExpiryRejects() {
        var state = BulkheadState(maxConcurrent: 1, maxQueue: 5, maxWait: .seconds(2))
        _ = state.acquire(id: 1, now: t0)
        #expect(state.acquire(id: 2, now: t0 + .seconds(1)) == .enqueued(deadline: t0 + .seconds(3)))
        #expect(
            state.expire(id: 2)
                == BulkheadFullError(reason: .maxWaitExceeded(.seconds(2)), maxConcurrent: 1, maxQueue: 5))
        #expect(state.expire(id: 2) == nil)
        #expect(state.release() == .none)
        #expect(state.snapshot.rejectedMaxWait == 1 && state.snapshot.rejected == 1)
    }

    @Test func zeroQueueRejectsAtOnce() {
        var state = BulkheadState(maxConcurrent: 1)
        _ = state.acquire(id: 1, now: t0)
        guard case .rejected = state.acquire(id: 2, now: t0) else {
            Issue.record("expected a rejection")
            return
        }
    }

    /// Random sequences of acquire, release, cancel and expire against a small reference model.
    @Test(arguments: 1...20)
    func randomOperationsMatchAReferenceModel(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let maxConcurrent = Int.random(in: 1...4, using: &random)
        let maxQueue = Int.random(in: 0...4, using: &random)
        var state = BulkheadState(maxConcurrent: maxConcurrent, maxQueue: maxQueue)
        var holders = 0
        var queue: [UInt64] = []
        var nextID: UInt64 = 0
        for _ in 0..<500 {
            switch Int.random(in: 0..<4, using: &random) {
            case 0:
                nextID += 1
                let action = state.acquire(id: nextID, now: t0)
                if holders < maxConcurrent && queue.isEmpty {
                    #expect(action == .granted)
                    holders += 1
                } else if queue.count < maxQueue {
                    #expect(action == .enqueued(deadline: nil))
                    queue.append(nextID)
                } else {
                    #expect(
                        action
                            == .rejected(
                                BulkheadFullError(
                                    reason: .queueFull, maxConcurrent: maxConcurrent, maxQueue: maxQueue)))
                }
            case 1 where holders > 0:
                let action = state.release()
                if queue.isEmpty {
                    #expect(action == .none)
                    holders -= 1
                } else {
                    #expect(action == .handOff(to: queue.removeFirst()))
                }
            case 2:
                guard let victim = queue.randomElement(using: &random) else { continue }
                #expect(state.cancel(id: victim) == true)
                queue.removeAll { $0 == victim }
            default:
                guard let victim = queue.randomElement(using: &random) else { continue }
                #expect(state.expire(id: victim) != nil)
                queue.removeAll { $0 == victim }
            }
            let metrics = state.snapshot
            #expect(metrics.inFlight == holders && metrics.queued == queue.count)
            #expect(metrics.inFlight <= maxConcurrent && metrics.queued <= maxQueue)
        }
    }
}
