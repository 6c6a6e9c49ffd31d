import Foundation
import Probe
import Resilience
import Synchronization

/// One endpoint's live state: its policies instantiated, its counters, and the pipeline that
/// runs each scheduled probe through them.
///
/// Created from an ``EndpointConfig``; replaced (not mutated) when a reload changes the config.
final class EndpointRuntime: Sendable {
    let config: EndpointConfig
    let breaker: CircuitBreaker
    let retry: Retry
    let budget: RetryBudget?
    let latency: LatencyTracker
    let limiter: NamedRateLimiter?
    let request: ProbeRequest
    let bodyPattern: BodyPattern?
    let jsonExpectation: JSONExpectation?
    let clock: any ResilienceClock
    let timeBase: TimeBase
    let box: EndpointStatsBox
    /// Computed once: display strings are redacted and do not change while the config does not.
    let displayURL: String
    let policyLines: [String]

    /// Builds the runtime; `onTransition` is told of every breaker transition (outside the lock).
    init(
        config: EndpointConfig, limiter: NamedRateLimiter?, clock: any ResilienceClock, timeBase: TimeBase,
        onTransition: @escaping @Sendable (EndpointConfig, BreakerTransition) -> Void
    ) {
        self.config = config
        self.limiter = limiter
        self.clock = clock
        self.timeBase = timeBase
        let box = EndpointStatsBox()
        self.box = box
        breaker = CircuitBreaker(configuration: config.breaker.circuitBreakerConfiguration, clock: clock) {
            transition in
            let record = TransitionRecord(
                at: timeBase.date(transition.at), from: transition.from, to: transition.to,
                reason: transition.reason.description)
            box.stats.withLock { $0.timeline.append(record) }
            onTransition(config, transition)
        }
        budget = config.retry.retryBudget
        retry = Retry(policy: config.retry.retryPolicy, budget: budget, clock: clock)
        latency = LatencyTracker(configuration: Self.latencyWindow(for: config), clock: clock)
        request = config.probeRequest
        bodyPattern = BodyPattern(config.expect)
        jsonExpectation = JSONExpectation(config.expect.json)
        displayURL = config.displayURL
        policyLines = config.policyLines
    }

    /// The latency window for `config`: exact (raw samples) for every attempt the endpoint can
    /// make in the window, up to 4,096 slots.
    ///
    /// The default window keeps 512 raw samples, then switches to per-slice HdrHistograms: about
    /// 150 KiB per endpoint, allocated and freed again whenever the rate crosses the line. An
    /// endpoint polled every 100 ms (600 samples a minute, more with retries) crossed it all the
    /// time; at 1,000 such endpoints the soak's RSS grew by half in 30 minutes from that churn
    /// alone. Sized to the interval, the ring holds them all (8 bytes a sample, 16 KiB at most for
    /// a 100 ms interval with 3 tries), and it still only grows as samples arrive, so a
    /// once-a-minute endpoint stays at 64 slots.
    static func latencyWindow(for config: EndpointConfig) -> LatencyWindowConfiguration {
        let defaults = LatencyWindowConfiguration()
        let probes = max(1, defaults.window / max(config.interval, .milliseconds(1)))
        let attempts = probes.rounded(.up) * Double(max(1, config.retry.maxTries))
        let capacity = min(4_096, max(defaults.exactCapacity, Int(min(attempts, 4_096))))
        return LatencyWindowConfiguration(exactCapacity: capacity)
    }

    var name: String { config.name }

    var isPaused: Bool { box.stats.withLock { $0.paused } }

    func setPaused(_ paused: Bool) { box.stats.withLock { $0.paused = paused } }

    /// Runs one scheduled probe through the pipeline: Retry ▸ RateLimiter ▸ CircuitBreaker ▸
    /// Timeout ▸ Probe. Every attempt's outcome feeds the breaker, the latency window and the
    /// counters; rejections by the breaker or the limiter are not retried (fail fast).
    ///
    /// Returns how many attempts went out to the network (retries included; rejected and
    /// cancelled attempts excluded), for the scheduler's `probes_total`.
    @discardableResult
    func runScheduledProbe(prober: Prober) async -> Int {
        var probed = 0
        _ = try? await retry.run { _ in
            do {
                let verdict = try await self.attempt(prober: prober)
                probed += 1
                return verdict
            } catch let failure as AttemptFailure {
                if failure.verdict.reachedNetwork { probed += 1 }
                throw failure
            }
        } classify: { error in
            (error as? AttemptFailure)?.verdict.retryDecision ?? .doNotRetry
        }
        return probed
    }

    /// One attempt. Throws ``AttemptFailure`` for any failed or rejected attempt and
    /// `CancellationError` when the engine is stopping (such attempts are not counted).
    func attempt(prober: Prober) async throws -> ProbeVerdict {
        if let limiter {
            do {
                try await limiter.limiter.acquire()
            } catch .cancelled {
                throw CancellationError()
            } catch {
                throw fail(
                    ProbeVerdict(rejection: .rateLimited, message: "rate limit \(limiter.name): \(error)"))
            }
        }
        let start = clock.now()
        let permit: BreakerPermit
        do {
            permit = try breaker.tryAcquire(now: start)
        } catch {
            throw fail(ProbeVerdict(rejection: .circuitOpen, message: error.description))
        }
        let verdict: ProbeVerdict
        // Both deadlines belong to the request: it waits at most `timeout` for a connection when
        // the pool is full (the prober's admission queue times that), then libcurl gives the
        // transfer `timeout` and says in which phase it fired.
        do throws(ProbeError) {
            let result = try await prober.probe(request, queueTimeout: config.timeout)
            verdict = ProbeVerdict(
                result: result, expect: config.expect, bodyPattern: bodyPattern, json: jsonExpectation,
                redactor: config.redactor, knownCertificate: box.stats.withLock { $0.certificate },
                now: timeBase.date(clock.now()), kind: request.kind)
        } catch {
            switch error.kind {
            case .cancelled:
                breaker.record(.ignored, for: permit)
                throw CancellationError()
            case .poolWaitTimeout:
                // The server never saw it, so it says nothing about the server (a `timeout` here
                // opened healthy endpoints' breakers when other endpoints' hanging probes held
                // the pool).
                verdict = ProbeVerdict(
                    rejection: .poolExhausted,
                    message:
                        "no free connection within \(DurationParser.format(config.timeout)): the pool or this host's share of it "
                        + "is saturated (http.max_connections, http.max_connections_per_host)")
            default:
                verdict = ProbeVerdict(error: error, redactor: config.redactor)
            }
        }
        let end = clock.now()
        let duration = verdict.latency > .zero ? verdict.latency : start.duration(to: end)
        breaker.record(verdict.breakerOutcome(config.breaker), for: permit, duration: duration, now: end)
        if verdict.status != nil {
            latency.record(duration)
        } else if verdict.reachedNetwork {
            latency.recordFailure()
        }
        box.stats.withLock { $0.record(verdict, now: end, at: timeBase.date(end)) }
        if verdict.succeeded { return verdict }
        throw AttemptFailure(verdict: verdict)
    }

    private func fail(_ verdict: ProbeVerdict) -> AttemptFailure {
        let now = clock.now()
        box.stats.withLock { $0.record(verdict, now: now, at: timeBase.date(now)) }
        return AttemptFailure(verdict: verdict)
    }
}

/// A failed or rejected attempt, carrying its verdict to the retry classifier.
struct AttemptFailure: Error, Sendable {
    var verdict: ProbeVerdict
}

/// A rate limiter shared by the endpoints that name it.
struct NamedRateLimiter: Sendable {
    var name: String
    var spec: RateLimitSpec
    var limiter: RateLimiter
}
