/// Decides when a request may be handed to libcurl, and queues it until then.
///
/// libcurl counts time spent waiting for a free connection inside `CURLOPT_TIMEOUT_MS`, so a full
/// pool would silently eat an endpoint's timeout. Instead the prober admits a transfer only while
/// fewer than `maxInFlight` are running in total and fewer than `perHostLimit` to its origin, and
/// keeps the rest here, FIFO, with libcurl's timeout not yet running. Queued requests to a
/// saturated origin wait in that origin's own line, so they never block requests to other origins.
///
/// A queued request may carry its own deadline for the wait (the caller's `queueTimeout`): the
/// loop sleeps no longer than ``nextDeadline()`` and takes the requests ``expire(now:)`` hands
/// back, which fail as a pool-wait timeout, in the way async-http-client's pool state machine
/// emits a request-timeout action. Once admitted, the request's deadline is libcurl's.
///
/// A value type with no I/O, generic over what it queues (the loop queues ``Submission``s; tests
/// queue plain values): the loop owns it and does the side effects.
struct AdmissionQueue<Item> {
    let maxInFlight: Int
    let perHostLimit: Int
    let maxQueued: Int

    /// In flight plus admitted-not-yet-started, in total.
    private(set) var active = 0
    /// Same, per origin; only kept when the per-host limit is tighter than the total.
    private var activeByOrigin: [Substring: Int] = [:]
    /// Requests whose origin has room, waiting for a total slot (ids; entries live in `waiting`).
    private var ready = FIFO<UInt64>()
    /// Requests whose origin is at its limit, one line per origin.
    private var blocked: [Substring: FIFO<UInt64>] = [:]
    /// Live requests in each origin's `blocked` line (the lines also hold cancelled ids until
    /// they are popped), for ``saturatedOrigins(limit:)``.
    private var blockedCount: [Substring: Int] = [:]
    /// Every queued request by id; an id missing here was cancelled and is skipped when popped.
    private var waiting: [UInt64: Entry] = [:]
    /// Deadlines of queued requests that have one; ids no longer `waiting` are skipped.
    private var deadlines = DeadlineHeap()

    private struct Entry {
        var item: Item
        var origin: Substring
        /// Whether it holds one of its origin's slots (it is in `ready`, not `blocked`).
        var holdsOriginSlot: Bool
    }

    init(maxInFlight: Int, perHostLimit: Int, maxQueued: Int) {
        self.maxInFlight = maxInFlight
        self.perHostLimit = perHostLimit
        self.maxQueued = maxQueued
    }

    private var tracksOrigins: Bool { perHostLimit < maxInFlight }

    /// Requests waiting.
    var queuedCount: Int { waiting.count }

    /// What to do with a new request.
    enum Decision {
        /// Start it now; it holds its slots until ``finished(origin:)``.
        case start(origin: Substring)
        /// It is queued; ``next()`` will hand it out.
        case queued
        /// The queue is full.
        case rejected
    }

    /// Admits `item` (request `id` to `origin`, an ``Origin/key(_:)``) now, queues it, or rejects it.
    /// If it is queued and has a `deadline` (monotonic nanoseconds), ``expire(now:)`` hands it back
    /// once the deadline has passed.
    mutating func offer(
        _ item: Item, id: UInt64, origin requestOrigin: Substring, deadline: Int64? = nil
    ) -> Decision {
        let origin = tracksOrigins ? requestOrigin : ""
        let originHasRoom = !tracksOrigins || activeByOrigin[origin, default: 0] < perHostLimit
        if originHasRoom, active < maxInFlight, ready.isEmpty {
            take(origin)
            return .start(origin: origin)
        }
        guard waiting.count < maxQueued else { return .rejected }
        if originHasRoom {
            if tracksOrigins { activeByOrigin[origin, default: 0] += 1 }
            ready.push(id)
        } else {
            blocked[origin, default: FIFO()].push(id)
            blockedCount[origin, default: 0] += 1
        }
        waiting[id] = Entry(item: item, origin: origin, holdsOriginSlot: originHasRoom)
        if let deadline { deadlines.push(deadline: deadline, id: id) }
        return .queued
    }

    /// The earliest deadline of a request still queued, if any (drops the deadlines of requests
    /// that have left the queue on the way).
    mutating func nextDeadline() -> Int64? {
        while let top = deadlines.top {
            if waiting[top.id] != nil { return top.deadline }
            deadlines.pop()
        }
        return nil
    }

    /// Removes and returns the queued requests whose deadline is at or before `now`, earliest
    /// first: the caller fails each with a pool-wait timeout.
    mutating func expire(now: Int64) -> [Item] {
        var expired: [Item] = []
        while let deadline = nextDeadline(), deadline <= now, let top = deadlines.pop() {
            if let item = remove(top.id) { expired.append(item) }
        }
        return expired
    }

    /// The next queued request that may start now, if any.
    mutating func next() -> (Item, origin: Substring)? {
        while active < maxInFlight, let id = ready.pop() {
            guard let entry = waiting.removeValue(forKey: id) else { continue }
            active += 1
            return (entry.item, entry.origin)
        }
        return nil
    }

    /// Releases the slots of a transfer that has ended; may move a blocked request to `ready`.
    mutating func finished(origin: Substring) {
        active -= 1
        releaseOriginSlot(origin)
    }

    /// Removes queued request `id`, if it is queued.
    mutating func remove(_ id: UInt64) -> Item? {
        guard let entry = waiting.removeValue(forKey: id) else { return nil }
        if entry.holdsOriginSlot {
            releaseOriginSlot(entry.origin)
        } else {
            unblock(entry.origin)
        }
        return entry.item
    }

    /// Empties the queue (at shutdown).
    mutating func drain() -> [Item] {
        let all = waiting.values.map(\.item)
        waiting.removeAll()
        deadlines.removeAll()
        ready = FIFO()
        blocked.removeAll()
        blockedCount.removeAll()
        return all
    }

    /// Gives back one of `origin`'s slots and hands it to the first live request blocked on it.
    private mutating func releaseOriginSlot(_ origin: Substring) {
        guard tracksOrigins else { return }
        let remaining = activeByOrigin[origin, default: 1] - 1
        activeByOrigin[origin] = remaining > 0 ? remaining : nil
        while var line = blocked[origin], let id = line.pop() {
            blocked[origin] = line.isEmpty ? nil : line
            guard var entry = waiting[id] else { continue }
            unblock(origin)
            entry.holdsOriginSlot = true
            waiting[id] = entry
            activeByOrigin[origin, default: 0] += 1
            ready.push(id)
            return
        }
    }

    /// Counts one request out of `origin`'s blocked line.
    private mutating func unblock(_ origin: Substring) {
        let remaining = blockedCount[origin, default: 1] - 1
        blockedCount[origin] = remaining > 0 ? remaining : nil
    }

    /// Whether any origin has requests waiting for its share of the pool.
    var hasSaturatedOrigins: Bool { !blockedCount.isEmpty }

    /// The origins with requests waiting for their share of the pool (they hold every slot the
    /// per-host limit allows), most waiting first, at most `limit` of them: who is saturating
    /// the pool when probes end as `pool_exhausted`. Empty without a per-host limit.
    func saturatedOrigins(limit: Int) -> [(origin: Substring, active: Int, waiting: Int)] {
        guard limit > 0, !blockedCount.isEmpty else { return [] }
        let all = blockedCount.map {
            (origin: $0.key, active: activeByOrigin[$0.key, default: 0], waiting: $0.value)
        }
        return Array(
            all.sorted { $0.waiting != $1.waiting ? $0.waiting > $1.waiting : $0.origin < $1.origin }.prefix(
                limit))
    }

    private mutating func take(_ origin: Substring) {
        active += 1
        if tracksOrigins { activeByOrigin[origin, default: 0] += 1 }
    }
}
