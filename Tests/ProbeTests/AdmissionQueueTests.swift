import Testing

@testable import Probe

/// The admission queue as a value: no loop, no sockets.
@Suite struct AdmissionQueueTests {
    /// Offers items 1, 2, … with the given URLs and returns the decisions.
    private func offer(_ queue: inout AdmissionQueue<Int>, _ urls: [String]) -> [AdmissionQueue<Int>.Decision]
    {
        let base = queue.queuedCount + 1
        return urls.enumerated().map { index, url in
            queue.offer(base + index, id: UInt64(base + index), origin: Origin.key(url))
        }
    }

    @Test func startsWhileUnderTheTotalLimitThenQueuesFIFO() {
        var queue = AdmissionQueue<Int>(maxInFlight: 2, perHostLimit: 2, maxQueued: 10)
        #expect(
            offer(&queue, Array(repeating: "http://a/", count: 4)).map(\.isStart) == [
                true, true, false, false,
            ])
        #expect(queue.queuedCount == 2)
        #expect(queue.next() == nil)
        queue.finished(origin: "")
        #expect(queue.next()?.0 == 3)
        #expect(queue.next() == nil)
        queue.finished(origin: "")
        #expect(queue.next()?.0 == 4)
    }

    @Test func perHostLimitDoesNotBlockOtherHosts() {
        var queue = AdmissionQueue<Int>(maxInFlight: 10, perHostLimit: 1, maxQueued: 10)
        let decisions = offer(&queue, ["http://a/1", "http://A:80/2", "http://b/1"])
        #expect(decisions.map(\.isStart) == [true, false, true])
        guard case .start(let originA) = decisions[0] else { return }
        #expect(queue.next() == nil)
        queue.finished(origin: originA)
        #expect(queue.next()?.0 == 2)
    }

    @Test func removedRequestsAreSkippedAndFreeTheirSlot() {
        var queue = AdmissionQueue<Int>(maxInFlight: 5, perHostLimit: 1, maxQueued: 10)
        let decisions = offer(&queue, ["http://a/", "http://a/", "http://a/"])
        #expect(decisions.map(\.isStart) == [true, false, false])
        guard case .start(let origin) = decisions[0] else { return }
        #expect(queue.remove(2) == 2)
        #expect(queue.remove(2) == nil)
        #expect(queue.queuedCount == 1)
        queue.finished(origin: origin)
        #expect(queue.next()?.0 == 3)
        #expect(queue.queuedCount == 0)
    }

    /// Who holds the pool: the origins at their share with requests behind them, most waiting
    /// first, counted exactly through removals and hand-overs.
    @Test func saturatedOriginsNameWhoHoldsThePool() {
        var queue = AdmissionQueue<Int>(maxInFlight: 10, perHostLimit: 2, maxQueued: 20)
        let decisions = offer(
            &queue,
            [
                "http://a/", "http://a/", "http://a/", "http://a/", "http://a/", "http://b/", "http://b/",
                "http://b/",
                "http://c/",
            ])
        #expect(decisions.map(\.isStart) == [true, true, false, false, false, true, true, false, true])
        let saturated = queue.saturatedOrigins(limit: 5)
        #expect(saturated.map { String($0.origin) } == ["http://a:80", "http://b:80"])
        #expect(saturated.map(\.active) == [2, 2])
        #expect(saturated.map(\.waiting) == [3, 1])
        #expect(queue.saturatedOrigins(limit: 1).count == 1)

        // A cancelled waiter leaves the count; a finished transfer hands its slot to the next.
        #expect(queue.remove(3) == 3)
        guard case .start(let originA) = decisions[0] else { return }
        queue.finished(origin: originA)
        #expect(queue.next()?.0 == 4)
        #expect(queue.saturatedOrigins(limit: 5).first.map { ($0.active, $0.waiting) } ?? (0, 0) == (2, 1))

        // b's waiter leaves: b is no longer saturated, only a is.
        #expect(queue.remove(8) == 8)
        #expect(queue.saturatedOrigins(limit: 5).map { String($0.origin) } == ["http://a:80"])
        _ = queue.drain()
        #expect(queue.saturatedOrigins(limit: 5).isEmpty)
    }

    /// Without a per-host limit there is no per-host line, so nothing is named.
    @Test func noSaturatedOriginsWithoutAPerHostLimit() {
        var queue = AdmissionQueue<Int>(maxInFlight: 1, perHostLimit: 1, maxQueued: 10)
        _ = offer(&queue, ["http://a/", "http://a/", "http://a/"])
        #expect(queue.queuedCount == 2)
        #expect(queue.saturatedOrigins(limit: 5).isEmpty)
    }

    @Test func rejectsBeyondMaxQueued() {
        var queue = AdmissionQueue<Int>(maxInFlight: 1, perHostLimit: 1, maxQueued: 1)
        let decisions = offer(&queue, ["http://a/", "http://a/", "http://a/"])
        #expect(decisions.map(\.isStart) == [true, false, false])
        guard case .rejected = decisions[2] else {
            Issue.record("third request should be rejected")
            return
        }
        #expect(queue.drain() == [2])
    }

    /// A queued request's own deadline: handed back once it has passed, earliest first, its slot
    /// freed; requests without one, or admitted in time, are never handed back.
    @Test func queuedRequestsExpireAtTheirOwnDeadline() {
        var queue = AdmissionQueue<Int>(maxInFlight: 1, perHostLimit: 1, maxQueued: 10)
        guard case .start(let origin) = queue.offer(1, id: 1, origin: "a") else {
            Issue.record("the first request starts")
            return
        }
        _ = queue.offer(2, id: 2, origin: "a", deadline: 500)
        _ = queue.offer(3, id: 3, origin: "a")
        _ = queue.offer(4, id: 4, origin: "a", deadline: 300)
        _ = queue.offer(5, id: 5, origin: "a", deadline: 900)
        #expect(queue.nextDeadline() == 300)
        #expect(queue.expire(now: 299).isEmpty)
        #expect(queue.expire(now: 500) == [4, 2])
        #expect(queue.queuedCount == 2)
        #expect(queue.nextDeadline() == 900)

        // Admitted before its deadline: it leaves the heap unseen and never expires.
        queue.finished(origin: origin)
        #expect(queue.next()?.0 == 3)
        queue.finished(origin: origin)
        #expect(queue.next()?.0 == 5)
        #expect(queue.nextDeadline() == nil)
        #expect(queue.expire(now: 10_000).isEmpty)
    }

    /// An expired request gives back its origin's slot, so the one behind it moves up.
    @Test func anExpiredRequestFreesItsPlaceInItsOriginsLine() {
        var queue = AdmissionQueue<Int>(maxInFlight: 10, perHostLimit: 1, maxQueued: 10)
        guard case .start(let origin) = queue.offer(1, id: 1, origin: "http://a:80") else {
            Issue.record("the first request starts")
            return
        }
        _ = queue.offer(2, id: 2, origin: "http://a:80", deadline: 100)
        _ = queue.offer(3, id: 3, origin: "http://a:80")
        #expect(queue.saturatedOrigins(limit: 5).first?.waiting == 2)
        #expect(queue.expire(now: 100) == [2])
        #expect(queue.saturatedOrigins(limit: 5).first?.waiting == 1)
        queue.finished(origin: origin)
        #expect(queue.next()?.0 == 3)
    }

    @Test func originKeysNormalise() {
        #expect(Origin.key("http://Example.com/x?y") == "http://example.com:80")
        #expect(Origin.key("https://example.com") == "https://example.com:443")
        #expect(Origin.key("http://user:pw@example.com:8080/") == "http://example.com:8080")
        #expect(Origin.key("http://[::1]/") == "http://[::1]:80")
        #expect(Origin.key("http://[::1]:81/") == "http://[::1]:81")
    }
}

extension AdmissionQueue.Decision {
    fileprivate var isStart: Bool {
        if case .start = self { return true }
        return false
    }
}
