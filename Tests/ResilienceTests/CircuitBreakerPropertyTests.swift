import PropertyBased
import Testing

@testable import Resilience

/// Random sequences of acquires, outcomes, clock advances and operator commands, run against both
/// the state machine and ``ReferenceBreaker``; every result and every snapshot must agree, and the
/// machine's invariants must hold after every step.
@Suite struct CircuitBreakerPropertyTests {
    /// A valid configuration chosen by ten small integers (so the shrinker can simplify it).
    static func configuration(_ c: [Int]) -> CircuitBreakerConfiguration {
        let failureThreshold = [nil, 1, 2, 3, 4][c[0] % 5]
        let failureRate = [nil, 0.25, 0.5, 1.0][c[1] % 4]
        let slowRate = [nil, 0.5, 1.0][c[2] % 3]
        let slowDuration: Duration? = slowRate != nil || c[3] % 2 == 0 ? .seconds(1) : nil
        let window: CircuitBreakerConfiguration.SlidingWindow
        let windowCalls: Int
        if c[4] % 2 == 0 {
            windowCalls = 1 + c[5] % 6
            window = .count(windowCalls)
        } else {
            windowCalls = 8
            window = .time(.seconds(Int64(4 * (1 + c[5] % 3))), buckets: 1 + c[5] % 4)
        }
        let recovery = Duration.seconds(Int64(5 * (1 + c[7] % 3)))
        let maxCalls = 1 + c[9] % 3
        return CircuitBreakerConfiguration(
            failureThreshold: failureThreshold ?? (failureRate == nil && slowRate == nil ? 2 : nil),
            failureRateThreshold: failureRate,
            slowCallRateThreshold: slowRate,
            slowCallDuration: slowDuration,
            window: window,
            minimumCalls: 1 + c[6] % windowCalls,
            recoveryTimeout: recovery,
            recoveryBackoff: c[8] % 2 == 0 ? nil : .init(multiplier: 2, maxTimeout: recovery * 5),
            halfOpenMaxCalls: maxCalls,
            halfOpenSuccesses: 1 + (c[9] / 3) % maxCalls
        )
    }

    /// One step of a run, decoded from two integers.
    enum Step {
        case acquire
        case record(index: Int, CallOutcome, Duration)
        case advance(Duration)
        case command(TransitionReason.OperatorAction)
        case recordAgain(index: Int)

        init(_ kind: Int, _ arg: Int) {
            switch kind {
            case 0...3: self = .acquire
            case 4...6:
                let outcome: CallOutcome = [.success, .success, .failure, .failure, .ignored][arg % 5]
                let duration: Duration = [.milliseconds(10), .seconds(1), .seconds(2)][(arg / 5) % 3]
                self = .record(index: arg, outcome, duration)
            case 7, 8: self = .advance(.milliseconds(Int64(arg) * 17))
            case 9: self = .command(TransitionReason.OperatorAction.allCases[arg % 5])
            default: self = .recordAgain(index: arg)
            }
        }
    }

    @Test func machineAgreesWithReferenceModel() async {
        let configs = Gen.int(in: 0...1_000).array(of: 10)
        let steps = zip(Gen.int(in: 0...10), Gen.int(in: 0...999)).array(of: 1...300)
        await propertyCheck(count: 300, input: configs, steps) { c, steps in
            let configuration = Self.configuration(c)
            #expect(configuration.validate() == [])
            Self.run(configuration, steps.map { Step($0.0, $0.1) })
        }
    }

    /// Runs `steps` against the machine and the model, comparing as it goes.
    static func run(_ configuration: CircuitBreakerConfiguration, _ steps: [Step]) {
        let start = Instant(nanoseconds: 1_000_000_000_000)
        var machine = CircuitBreakerStateMachine(configuration: configuration, now: start)
        var model = ReferenceBreaker(configuration)
        model.enteredAt = start.nanoseconds
        var now = start
        var outstanding: [(BreakerPermit, ReferenceBreaker.Permit)] = []
        var recordedTrials: [(BreakerPermit, ReferenceBreaker.Permit)] = []
        var doubleRecords = 0

        for (number, step) in steps.enumerated() {
            switch step {
            case .acquire:
                let actual = machine.acquire(now: now)
                let expected = model.acquire(now: now.nanoseconds)
                switch (actual, expected) {
                case (.permitted(let permit, let transition), .permit(let reference, let expectedTransition)):
                    #expect(permit.kind == reference.kind, "step \(number)")
                    #expect(permit.generation == reference.generation, "step \(number)")
                    #expect(transition == expectedTransition, "step \(number)")
                    outstanding.append((permit, reference))
                case (.rejected(let error), .rejected(let expectedError)):
                    #expect(error == expectedError, "step \(number)")
                default:
                    Issue.record("step \(number): acquire gave \(actual), model \(expected)")
                    return
                }
            case .record(let index, let outcome, let duration):
                guard !outstanding.isEmpty else { continue }
                let (permit, reference) = outstanding.remove(at: index % outstanding.count)
                let transition = machine.record(outcome, duration: duration, permit: permit, now: now)
                let expected = model.record(
                    outcome, duration: duration.nanoseconds, permit: reference, now: now.nanoseconds)
                #expect(transition == expected, "step \(number): record \(outcome)")
                if permit.kind == .trial { recordedTrials.append((permit, reference)) }
            case .recordAgain(let index):
                guard !recordedTrials.isEmpty else { continue }
                let (permit, reference) = recordedTrials[index % recordedTrials.count]
                doubleRecords += 1
                #expect(machine.record(.success, duration: .zero, permit: permit, now: now) == nil)
                #expect(model.record(.success, duration: 0, permit: reference, now: now.nanoseconds) == nil)
            case .advance(let duration):
                now = now + duration
            case .command(let action):
                let transition = machine.apply(action, now: now)
                let expected = model.command(action, now: now.nanoseconds)
                #expect(transition == expected, "step \(number): \(action)")
            }
            let consistent = compare(machine, model, now: now, step: number)
            let snapshot = machine.snapshot(now: now)
            let totals = snapshot.totals
            #expect(
                totals.permitted + doubleRecords
                    == totals.succeeded + totals.failed + totals.ignored + totals.stale + outstanding.count,
                "step \(number): every call counted exactly once")
            if !consistent || !checkInvariants(snapshot, configuration) { return }
        }
    }

    /// Compares everything a snapshot shows with the model; returns whether they agree.
    static func compare(
        _ machine: CircuitBreakerStateMachine, _ model: ReferenceBreaker, now: Instant, step: Int
    ) -> Bool {
        let snapshot = machine.snapshot(now: now)
        let counts = model.counts(now: now.nanoseconds)
        var expectedDue: Instant?
        if case .open(let due, _) = model.mode { expectedDue = Instant(nanoseconds: due) }
        let warm = counts.calls >= model.config.minimumCalls
        let checks: [(String, Bool)] = [
            ("state \(snapshot.state) vs \(model.mode.state)", snapshot.state == model.mode.state),
            ("window \(snapshot.window) vs \(counts)", snapshot.window == counts),
            ("generation", snapshot.generation == model.generation),
            ("trips", snapshot.trips == model.trips),
            ("consecutive trips", snapshot.consecutiveTrips == model.run),
            ("totals \(snapshot.totals) vs \(model.totals)", snapshot.totals == model.totals),
            ("trial due", snapshot.trialDueAt == expectedDue),
            ("entered at", snapshot.enteredAt.nanoseconds == model.enteredAt),
            ("last transition", snapshot.lastTransition == model.lastTransition),
            (
                "failure rate",
                snapshot.failureRate == (warm ? Double(counts.failures) / Double(counts.calls) : nil)
            ),
            (
                "next timeout",
                snapshot.nextRecoveryTimeout == .nanoseconds(model.timeout(forTrip: model.run + 1))
            ),
            (
                "ledger \(String(describing: snapshot.halfOpen))",
                model.mode != .halfOpen
                    ? snapshot.halfOpen == nil
                    : snapshot.halfOpen
                        == .init(
                            permitted: model.config.halfOpenMaxCalls, admitted: model.trialsAdmitted,
                            inFlight: model.trialIDs.count, succeeded: model.trialsSucceeded,
                            required: model.config.halfOpenSuccesses)
            ),
        ]
        for (name, ok) in checks where !ok {
            Issue.record("step \(step): \(name) differs from the model")
            return false
        }
        return true
    }

    /// Invariants that hold in every state, whatever the history.
    static func checkInvariants(
        _ snapshot: CircuitBreakerSnapshot, _ configuration: CircuitBreakerConfiguration
    )
        -> Bool
    {
        var ok = true
        if case .count(let size) = configuration.window { ok = ok && snapshot.window.calls <= size }
        ok =
            ok && snapshot.window.failures <= snapshot.window.calls
            && snapshot.window.slowCalls <= snapshot.window.calls
        if let ledger = snapshot.halfOpen {
            ok = ok && ledger.inFlight <= ledger.admitted && ledger.admitted <= ledger.permitted
            ok = ok && ledger.succeeded < ledger.required && ledger.failed == 0
        }
        ok = ok && (snapshot.state == .open) == (snapshot.trialDueAt != nil)
        ok = ok && (snapshot.state == .halfOpen) == (snapshot.halfOpen != nil)
        ok = ok && snapshot.consecutiveTrips <= snapshot.trips
        #expect(ok, "invariants hold: \(snapshot)")
        return ok
    }
}
