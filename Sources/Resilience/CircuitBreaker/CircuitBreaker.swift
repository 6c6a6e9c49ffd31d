import Synchronization

/// A thread-safe circuit breaker: a ``CircuitBreakerStateMachine`` behind a `Mutex`, with a clock.
///
/// The lock is held only to run one state-machine method (no allocation, no callback, no I/O);
/// `onTransition` runs after the lock is released, so it may call back into the breaker (read a
/// snapshot, issue a command) without deadlocking. Transitions delivered from different threads
/// can arrive out of order; ``BreakerTransition/generation`` orders them.
///
/// ```swift
/// let breaker = CircuitBreaker(configuration: .init(failureThreshold: 5), clock: SystemClock.shared)
/// let body = try await breaker.execute { try await probe(url) }   // throws CircuitOpenError when open
/// ```
public final class CircuitBreaker: Sendable {
    /// The configuration as written.
    public let configuration: CircuitBreakerConfiguration
    private let clock: any ResilienceClock
    private let machine: Mutex<CircuitBreakerStateMachine>
    private let onTransition: (@Sendable (BreakerTransition) -> Void)?

    /// A closed breaker.
    ///
    /// - Parameters:
    ///   - configuration: trip rules and recovery; see ``CircuitBreakerConfiguration/validate()``.
    ///   - clock: the time source (``ManualClock`` in tests).
    ///   - onTransition: called after every state change, outside the lock, on the thread that caused it.
    public init(
        configuration: CircuitBreakerConfiguration = .init(),
        clock: any ResilienceClock = SystemClock.shared,
        onTransition: (@Sendable (BreakerTransition) -> Void)? = nil
    ) {
        self.configuration = configuration
        self.clock = clock
        self.onTransition = onTransition
        machine = Mutex(CircuitBreakerStateMachine(configuration: configuration, now: clock.now()))
    }

    /// The current state. Reading it changes nothing.
    public var state: BreakerState { machine.withLock { $0.state } }

    /// Asks to run a call: returns a permit to pass to ``record(_:for:duration:)``, or throws.
    ///
    /// An open breaker whose time is up moves to half-open here and admits this call as its trial.
    public func tryAcquire() throws(CircuitOpenError) -> BreakerPermit {
        try tryAcquire(now: clock.now())
    }

    /// ``tryAcquire()`` at an instant the caller already read from this breaker's clock.
    ///
    /// Reading the clock is most of the cost of a permit (tens of nanoseconds against ~15 for the
    /// state machine), so a caller that timestamps the call anyway should pass its instant here.
    public func tryAcquire(now: Instant) throws(CircuitOpenError) -> BreakerPermit {
        switch machine.withLock({ $0.acquire(now: now) }) {
        case .permitted(let permit, let transition):
            if let transition { onTransition?(transition) }
            return permit
        case .rejected(let error):
            throw error
        }
    }

    /// Records how the call admitted with `permit` ended; `duration` defaults to the time since it
    /// was admitted. Record every permit exactly once (``CallOutcome/ignored`` for a cancelled call).
    @discardableResult
    public func record(_ outcome: CallOutcome, for permit: BreakerPermit, duration: Duration? = nil)
        -> BreakerTransition?
    {
        record(outcome, for: permit, duration: duration, now: clock.now())
    }

    /// ``record(_:for:duration:)`` at an instant the caller already read from this breaker's clock.
    @discardableResult
    public func record(
        _ outcome: CallOutcome, for permit: BreakerPermit, duration: Duration? = nil, now: Instant
    )
        -> BreakerTransition?
    {
        let duration = duration ?? permit.acquiredAt.duration(to: now)
        let transition = machine.withLock { $0.record(outcome, duration: duration, permit: permit, now: now) }
        if let transition { onTransition?(transition) }
        return transition
    }

    /// Runs `operation` if the breaker admits it, records its classified outcome, and returns its
    /// result or rethrows its error.
    ///
    /// - Parameters:
    ///   - operation: the guarded call.
    ///   - classify: what the result means to the breaker (which errors are failures);
    ///     by default any error but `CancellationError` is a failure.
    /// - Throws: ``CircuitOpenError`` without running `operation` when rejected, else what
    ///   `operation` threw.
    public func execute<T>(
        isolation: isolated (any Actor)? = #isolation,
        _ operation: () async throws -> T,
        classify: (Result<T, any Error>) -> CallOutcome = CallOutcome.classify
    ) async throws -> T {
        let permit = try tryAcquire()
        let result: Result<T, any Error>
        do {
            result = .success(try await operation())
        } catch {
            result = .failure(error)
        }
        let end = clock.now()
        record(classify(result), for: permit, duration: permit.acquiredAt.duration(to: end), now: end)
        return try result.get()
    }

    /// The breaker as seen now. Reading never changes state.
    public func snapshot() -> CircuitBreakerSnapshot {
        let now = clock.now()
        return machine.withLock { $0.snapshot(now: now) }
    }

    /// Operator: close and clear the window; calls in flight become stale.
    @discardableResult public func reset() -> BreakerTransition? { apply(.reset) }

    /// Operator: hold open (isolate) until released or reset.
    @discardableResult public func forceOpen() -> BreakerTransition? { apply(.forceOpen) }

    /// Operator: metrics only; every call is admitted.
    @discardableResult public func disable() -> BreakerTransition? { apply(.disable) }

    /// Operator: back to automatic (forced-open → half-open, disabled → closed).
    @discardableResult public func release() -> BreakerTransition? { apply(.release) }

    /// Operator: move an open breaker to half-open at once.
    @discardableResult public func tryNow() -> BreakerTransition? { apply(.tryNow) }

    /// Applies an operator command by name; returns the transition it caused, if any.
    @discardableResult
    public func apply(_ action: TransitionReason.OperatorAction) -> BreakerTransition? {
        let now = clock.now()
        let transition = machine.withLock { $0.apply(action, now: now) }
        if let transition { onTransition?(transition) }
        return transition
    }
}
