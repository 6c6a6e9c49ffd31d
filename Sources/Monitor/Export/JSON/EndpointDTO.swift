import Foundation
import Resilience

/// One endpoint in the JSON snapshot.
public struct EndpointDTO: Codable, Sendable, Equatable {
    /// The endpoint's unique name.
    public var name: String
    /// Its group, or `null`.
    public var group: String?
    /// The URL, userinfo and secrets redacted.
    public var url: String
    /// Whether TLS verification is switched off.
    public var tlsVerifyDisabled: Bool
    /// The breaker.
    public var breaker: BreakerDTO
    /// Request counters since start.
    public var requests: RequestsDTO
    /// Retry counters since start.
    public var retries: RetriesDTO
    /// The shared rate limiter this endpoint uses, or `null`.
    public var rateLimit: RateLimitRefDTO?
    /// Latency over the rolling window.
    public var latencyMs: LatencyDTO
    /// The last probe's outcome, or `null` before the first.
    public var last: LastDTO?
    /// Whether an operator paused polling of this endpoint.
    public var paused: Bool
    /// The server's leaf certificate, or `null`.
    public var tls: TLSDTO?
    /// Recent latencies in ms, oldest first, `null` for a probe without a response (the sparkline).
    public var recentLatencyMs: [Double?]
    /// Phase timings of the last completed probe, or `null` before the first.
    public var lastPhasesUs: PhasesDTO?
    /// The last few errors, newest last.
    public var recentErrors: [ErrorDTO]
    /// The effective policy as `key: value` lines, secrets redacted.
    public var policy: [String]

    enum CodingKeys: String, CodingKey {
        case name, group, url
        case tlsVerifyDisabled = "tls_verify_disabled"
        case breaker, requests, retries
        case rateLimit = "rate_limit"
        case latencyMs = "latency_ms"
        case last, paused, tls
        case recentLatencyMs = "recent_latency_ms"
        case lastPhasesUs = "last_phases_us"
        case recentErrors = "recent_errors"
        case policy
    }

    /// The DTO of `endpoint`; `limiter` is the snapshot of the rate limiter it names, if any.
    public init(_ endpoint: EndpointSnapshot, limiter: RateLimitSnapshot?) {
        name = TextSanitizer.sanitize(endpoint.name)
        group = endpoint.group.map { TextSanitizer.sanitize($0) }
        url = TextSanitizer.sanitize(endpoint.displayURL, maxLength: 2_048)
        tlsVerifyDisabled = endpoint.tlsVerifyDisabled
        breaker = BreakerDTO(endpoint.breaker)
        requests = RequestsDTO(endpoint.requests)
        retries = RetriesDTO(endpoint.retries)
        rateLimit = endpoint.rateLimitName.map { RateLimitRefDTO(name: $0, limiter: limiter) }
        latencyMs = LatencyDTO(endpoint.latency)
        last = endpoint.last.map(LastDTO.init)
        paused = endpoint.paused
        tls = endpoint.tls.map(TLSDTO.init)
        recentLatencyMs = endpoint.recentLatencyMs.map { JSONNumber.rounded($0) }
        lastPhasesUs = endpoint.lastPhases.map(PhasesDTO.init)
        recentErrors = endpoint.recentErrors.map(ErrorDTO.init)
        policy = endpoint.policyLines.map { TextSanitizer.sanitize($0) }
    }

    /// Reads a document; the keys added after version 1 shipped may be missing (empty or `null`).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        group = try container.decodeIfPresent(String.self, forKey: .group)
        url = try container.decode(String.self, forKey: .url)
        tlsVerifyDisabled = try container.decode(Bool.self, forKey: .tlsVerifyDisabled)
        breaker = try container.decode(BreakerDTO.self, forKey: .breaker)
        requests = try container.decode(RequestsDTO.self, forKey: .requests)
        retries = try container.decode(RetriesDTO.self, forKey: .retries)
        rateLimit = try container.decodeIfPresent(RateLimitRefDTO.self, forKey: .rateLimit)
        latencyMs = try container.decode(LatencyDTO.self, forKey: .latencyMs)
        last = try container.decodeIfPresent(LastDTO.self, forKey: .last)
        paused = try container.decode(Bool.self, forKey: .paused)
        recentLatencyMs = try container.decodeList([Double?].self, forKey: .recentLatencyMs)
        lastPhasesUs = try container.decodeIfPresent(PhasesDTO.self, forKey: .lastPhasesUs)
        recentErrors = try container.decodeList([ErrorDTO].self, forKey: .recentErrors)
        policy = try container.decodeList([String].self, forKey: .policy)
        tls = try container.decodeIfPresent(TLSDTO.self, forKey: .tls)
    }

    /// Writes every key, `null` for absent optionals, so consumers can rely on the key set.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(group, forKey: .group)
        try container.encode(url, forKey: .url)
        try container.encode(tlsVerifyDisabled, forKey: .tlsVerifyDisabled)
        try container.encode(breaker, forKey: .breaker)
        try container.encode(requests, forKey: .requests)
        try container.encode(retries, forKey: .retries)
        try container.encode(rateLimit, forKey: .rateLimit)
        try container.encode(latencyMs, forKey: .latencyMs)
        try container.encode(last, forKey: .last)
        try container.encode(paused, forKey: .paused)
        try container.encode(tls, forKey: .tls)
        try container.encode(recentLatencyMs, forKey: .recentLatencyMs)
        try container.encode(lastPhasesUs, forKey: .lastPhasesUs)
        try container.encode(recentErrors, forKey: .recentErrors)
        try container.encode(policy, forKey: .policy)
    }
}

/// A breaker in the JSON snapshot.
public struct BreakerDTO: Codable, Sendable, Equatable {
    /// `closed`, `open`, `half_open`, `forced_open` or `disabled`.
    public var state: String
    /// Failure rate over the window (0…1), `null` while warming up.
    public var failureRate: Double?
    /// Slow-call rate over the window (0…1), `null` while warming up.
    public var slowCallRate: Double?
    /// Consecutive failures now.
    public var consecutiveFailures: Int
    /// Trips since start.
    public var trips: Int
    /// Milliseconds until the trial probe (0: due now) when `open`, else `null`.
    public var probeDueInMs: Double?
    /// Calls recorded in the window.
    public var callsInWindow: Int
    /// Calls needed before the rates count.
    public var minimumCalls: Int
    /// Seconds in the current state.
    public var timeInStateS: Double
    /// Why the breaker last changed state, or `null`.
    public var lastReason: String?
    /// Trial calls while `half_open`, else `null`.
    public var halfOpen: HalfOpenDTO?
    /// The last transitions, oldest first (bounded).
    public var timeline: [TransitionDTO]
    /// The failure-rate threshold (0…1) that trips the breaker, or `null` without that rule.
    public var failureRateThreshold: Double?
    /// The slow-call-rate threshold (0…1), or `null` without that rule.
    public var slowCallRateThreshold: Double?
    /// The consecutive-failures threshold, or `null` without that rule.
    public var consecutiveFailureThreshold: Int?

    enum CodingKeys: String, CodingKey {
        case state
        case failureRate = "failure_rate"
        case slowCallRate = "slow_call_rate"
        case consecutiveFailures = "consecutive_failures"
        case trips
        case probeDueInMs = "probe_due_in_ms"
        case callsInWindow = "calls_in_window"
        case minimumCalls = "minimum_calls"
        case timeInStateS = "time_in_state_s"
        case lastReason = "last_reason"
        case halfOpen = "half_open"
        case timeline
        case failureRateThreshold = "failure_rate_threshold"
        case slowCallRateThreshold = "slow_call_rate_threshold"
        case consecutiveFailureThreshold = "consecutive_failure_threshold"
    }

    /// The DTO of `breaker`.
    public init(_ breaker: BreakerView) {
        state = breaker.state.rawValue
        failureRate = JSONNumber.rounded(breaker.failureRate, places: 4)
        slowCallRate = JSONNumber.rounded(breaker.slowCallRate, places: 4)
        consecutiveFailures = breaker.consecutiveFailures
        trips = breaker.trips
        probeDueInMs =
            breaker.state == .open ? breaker.probeDueIn.map { JSONNumber.milliseconds(max(.zero, $0)) } : nil
        callsInWindow = breaker.callsInWindow
        minimumCalls = breaker.minimumCalls
        timeInStateS = JSONNumber.seconds(breaker.timeInState)
        lastReason = breaker.lastReason.map { TextSanitizer.sanitize($0) }
        halfOpen = breaker.halfOpen.map(HalfOpenDTO.init)
        timeline = breaker.timeline.map(TransitionDTO.init)
        failureRateThreshold = JSONNumber.rounded(breaker.failureRateThreshold, places: 4)
        slowCallRateThreshold = JSONNumber.rounded(breaker.slowCallRateThreshold, places: 4)
        consecutiveFailureThreshold = breaker.consecutiveFailureThreshold
    }

    /// Reads a document; the keys added after version 1 shipped may be missing (empty or `null`).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        state = try container.decode(String.self, forKey: .state)
        failureRate = try container.decodeIfPresent(Double.self, forKey: .failureRate)
        slowCallRate = try container.decodeIfPresent(Double.self, forKey: .slowCallRate)
        consecutiveFailures = try container.decode(Int.self, forKey: .consecutiveFailures)
        trips = try container.decode(Int.self, forKey: .trips)
        probeDueInMs = try container.decodeIfPresent(Double.self, forKey: .probeDueInMs)
        callsInWindow = try container.decode(Int.self, forKey: .callsInWindow)
        minimumCalls = try container.decode(Int.self, forKey: .minimumCalls)
        timeInStateS = try container.decode(Double.self, forKey: .timeInStateS)
        lastReason = try container.decodeIfPresent(String.self, forKey: .lastReason)
        halfOpen = try container.decodeIfPresent(HalfOpenDTO.self, forKey: .halfOpen)
        timeline = try container.decodeList([TransitionDTO].self, forKey: .timeline)
        failureRateThreshold = try container.decodeIfPresent(Double.self, forKey: .failureRateThreshold)
        slowCallRateThreshold = try container.decodeIfPresent(Double.self, forKey: .slowCallRateThreshold)
        consecutiveFailureThreshold = try container.decodeIfPresent(
            Int.self, forKey: .consecutiveFailureThreshold)
    }

    /// Writes every key, `null` for absent optionals.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(state, forKey: .state)
        try container.encode(failureRate, forKey: .failureRate)
        try container.encode(slowCallRate, forKey: .slowCallRate)
        try container.encode(consecutiveFailures, forKey: .consecutiveFailures)
        try container.encode(trips, forKey: .trips)
        try container.encode(probeDueInMs, forKey: .probeDueInMs)
        try container.encode(callsInWindow, forKey: .callsInWindow)
        try container.encode(minimumCalls, forKey: .minimumCalls)
        try container.encode(timeInStateS, forKey: .timeInStateS)
        try container.encode(lastReason, forKey: .lastReason)
        try container.encode(halfOpen, forKey: .halfOpen)
        try container.encode(timeline, forKey: .timeline)
        try container.encode(failureRateThreshold, forKey: .failureRateThreshold)
        try container.encode(slowCallRateThreshold, forKey: .slowCallRateThreshold)
        try container.encode(consecutiveFailureThreshold, forKey: .consecutiveFailureThreshold)
    }
}
