import Resilience

/// Circuit-breaker rows: the permit + record pair (the per-call cost every probe pays), the same
/// under contention, and the snapshot read the dashboard makes every refresh.
enum BreakerCases {
    /// Every trip rule on (consecutive failures, failure rate, slow-call rate over the last 20
    /// calls): each `record` evaluates all three, so this is the dearest closed-state path.
    static let allRules = CircuitBreakerConfiguration(
        failureThreshold: 5, failureRateThreshold: 0.5, slowCallRateThreshold: 0.5,
        slowCallDuration: .seconds(1), window: .count(20), minimumCalls: 10)

    static func cases() -> [BenchCase] {
        [
            machineAlone(), permitRecordWithInstants(), permitRecordWithClock(), execute(),
            snapshotCountWindow(), snapshotTimeWindow(),
            contended(id: "breaker.permit+record.clock.2t", passInstants: false),
            contended(id: "breaker.permit+record.now.2t", passInstants: true),
        ]
    }

    /// The value-type state machine with no lock and no clock: what the `Mutex` and the clock
    /// reads add is the difference to the next rows.
    ///
    /// The machine is a local of the body (made once per run of N), not a captured `var`: a
    /// captured one lives in a heap box with a dynamic exclusivity check on every access.
    static func machineAlone() -> BenchCase {
        BenchCase(
            id: "breaker.machine", group: "breaker",
            label: "state machine `acquire` + `record` (no lock, no clock)", role: .reference,
            kind: .sync { n in
                var machine = CircuitBreakerStateMachine(configuration: allRules, now: .zero)
                var instants = Instants()
                var sink: UInt64 = 0
                for _ in 0..<n {
                    let now = instants.next()
                    guard case .permitted(let permit, _) = machine.acquire(now: now) else { continue }
                    sink &+= permit.ticket
                    if machine.record(.success, duration: .zero, permit: permit, now: now) != nil {
                        sink &+= 1
                    }
                }
                blackHole(sink)
            })
    }

    /// `tryAcquire(now:)` + `record(_:for:now:)`: the engine's path, which timestamps the probe anyway.
    static func permitRecordWithInstants() -> BenchCase {
        let breaker = CircuitBreaker(configuration: allRules)
        return BenchCase(
            id: "breaker.permit+record.now", group: "breaker",
            label: "`tryAcquire(now:)` + `record(_:for:now:)` (caller's instants)", role: .hotPath,
            kind: .sync { n in
                var instants = Instants()
                var sink: UInt64 = 0
                for _ in 0..<n { sink &+= permitRecord(breaker, now: instants.next()) }
                blackHole(sink)
            })
    }

    /// `tryAcquire()` + `record(_:for:)`: the breaker reads `SystemClock` twice.
    static func permitRecordWithClock() -> BenchCase {
        let breaker = CircuitBreaker(configuration: allRules)
        return BenchCase(
            id: "breaker.permit+record.clock", group: "breaker",
            label: "`tryAcquire()` + `record(_:for:)` (breaker reads the clock twice)", role: .hotPath,
            kind: .sync { n in
                var sink: UInt64 = 0
                for _ in 0..<n { sink &+= permitRecord(breaker, now: nil) }
                blackHole(sink)
            })
    }

    /// `execute { }` of an operation that returns at once: the async convenience API.
    static func execute() -> BenchCase {
        let breaker = CircuitBreaker(configuration: allRules)
        return BenchCase(
            id: "breaker.execute", group: "breaker",
            label: "`execute { }` of an immediately successful async operation", role: .hotPath,
            kind: .async { n in
                var sink = 0
                for i in 0..<n { sink &+= (try? await breaker.execute { i }) ?? 1 }
                blackHole(sink)
            })
    }

    /// `snapshot()` of a breaker whose 20-call window is full (reads `SystemClock` once).
    static func snapshotCountWindow() -> BenchCase {
        let breaker = CircuitBreaker(configuration: allRules)
        for call in 0..<40 { fill(breaker, failed: call % 4 == 0) }
        return BenchCase(
            id: "breaker.snapshot.count", group: "breaker",
            label: "`snapshot()`, full 20-call window (one clock read)", role: .hotPath,
            kind: .sync { n in
                var sink = 0
                for _ in 0..<n { sink &+= breaker.snapshot().callsInWindow }
                blackHole(sink)
            })
    }

    /// `snapshot()` of a breaker with a 60 s window in 60 buckets, every bucket holding calls: the
    /// largest window a dashboard is likely to be configured with. The clock is an atomic load.
    static func snapshotTimeWindow() -> BenchCase {
        let clock = SteppedClock()
        var configuration = allRules
        configuration.window = .time(.seconds(60), buckets: 60)
        let breaker = CircuitBreaker(configuration: configuration, clock: clock)
        for call in 0..<240 {
            fill(breaker, failed: call % 4 == 0)
            clock.advance(by: .milliseconds(250))
        }
        return BenchCase(
            id: "breaker.snapshot.time", group: "breaker",
            label: "`snapshot()`, full 60 s / 60-bucket time window (clock: atomic load)",
            role: .hotPath,
            kind: .sync { n in
                var sink = 0
                for _ in 0..<n { sink &+= breaker.snapshot().callsInWindow }
                blackHole(sink)
            })
    }

    /// Two threads doing permit + record on one breaker.
    static func contended(id: String, passInstants: Bool) -> BenchCase {
        let breaker = CircuitBreaker(configuration: allRules)
        let how = passInstants ? "caller's instants" : "breaker reads the clock"
        return BenchCase(
            id: id, group: "breaker", label: "permit + record, 2 threads on one breaker (\(how))",
            role: .reported,
            kind: .twoThreads { n in
                var instants = Instants()
                var sink: UInt64 = 0
                for _ in 0..<n { sink &+= permitRecord(breaker, now: passInstants ? instants.next() : nil) }
                blackHole(sink)
            })
    }

    /// One permit + success record; returns something that depends on both.
    @inline(__always)
    private static func permitRecord(_ breaker: CircuitBreaker, now: Instant?) -> UInt64 {
        do {
            if let now {
                let permit = try breaker.tryAcquire(now: now)
                return permit.ticket &+ (breaker.record(.success, for: permit, now: now) == nil ? 0 : 1)
            }
            let permit = try breaker.tryAcquire()
            return permit.ticket &+ (breaker.record(.success, for: permit) == nil ? 0 : 1)
        } catch {
            return 1
        }
    }

    private static func fill(_ breaker: CircuitBreaker, failed: Bool) {
        guard let permit = try? breaker.tryAcquire() else { return }
        breaker.record(failed ? .failure : .success, for: permit)
    }
}
