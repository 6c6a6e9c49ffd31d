import Foundation
import Resilience
import Testing

@testable import Monitor

/// Model → DTO → JSON → DTO → model gives back the model: what an attached screen draws is what
/// the agent's engine published. Values are chosen at the format's precision (times in whole
/// milliseconds, rates in 4 decimals, …), so equality is exact; `roundingIsTheDocumentedOne`
/// covers values that are not.
@Suite struct SnapshotRoundTripTests {
    static let at = Date(timeIntervalSince1970: 1_767_225_600.25)  // 2026-01-01T00:00:00.250Z

    /// Every field of every type set, and every optional both present and absent across rows.
    static let full = Snapshot(
        source: "prod.yaml", generatedAt: at, uptime: .milliseconds(12_345),
        scheduler: SchedulerSnapshot(
            probesTotal: 120, probesPerSecond: 4.5, latenessP50Ms: 0.4, latenessP99Ms: 1.25,
            latenessMaxMs: 3.5),
        endpoints: [detailed, bare],
        rateLimits: [
            RateLimitSnapshot(
                name: "github", calls: 10, period: .seconds(1), permitsAvailable: 2.5, queueDepth: 3,
                queuePeak: 7, maxQueue: 100, timeToNextPermit: .milliseconds(40), waitP99Ms: 850, rejected: 4,
                burst: 20)
        ],
        pausedAll: true,
        pool: PoolSnapshot(
            maxConnections: 100, maxConnectionsPerHost: 50, inUse: 72, waiting: 31,
            saturatedHosts: [.init(origin: "http://10.0.0.7:8080", inUse: 50, waiting: 30)]))

    static let detailed = EndpointSnapshot(
        name: "checkout", group: "shop", displayURL: "https://shop.example/health", tlsVerifyDisabled: true,
        breaker: BreakerView(
            state: .halfOpen, failureRate: 0.625, slowCallRate: 0.05, callsInWindow: 20, minimumCalls: 10,
            consecutiveFailures: 2, trips: 3, timeInState: .milliseconds(2_500), probeDueIn: nil,
            halfOpen: HalfOpenLedger(permitted: 3, inFlight: 1, succeeded: 1, failed: 0),
            lastReason: "recovery timeout elapsed",
            timeline: [
                TransitionRecord(
                    at: at.addingTimeInterval(-10), from: .closed, to: .open,
                    reason: "3 consecutive failures ≥ 3"),
                TransitionRecord(at: at, from: .open, to: .halfOpen, reason: "recovery timeout elapsed"),
            ],
            failureRateThreshold: 0.5, slowCallRateThreshold: 0.8, consecutiveFailureThreshold: 3),
        requests: RequestCounters(
            total: 100, succeeded: 90, failed: 8, rejected: 2, timeouts: 3, perSecond: 1.5),
        retries: RetryCounters(
            total: 12, exhausted: 1, budgetDenied: 4, succeededAfterRetry: 5, budgetLeft: 0.8),
        rateLimitName: "github",
        latency: LatencySummary(
            count: 50, p50: 1.2, p90: 2, p99: 5, p999: 8, max: 10.125, mean: 1.6, window: .seconds(60),
            histogram: [
                HistogramBucket(upperBoundMs: 1, count: 10), HistogramBucket(upperBoundMs: 2.5, count: 30),
                HistogramBucket(upperBoundMs: 15, count: 10),
            ]),
        recentLatencyMs: [1.5, nil, 2.25, 0.125],
        lastPhases: PhaseTimings(
            dnsMicros: 20, connectMicros: 110, tlsMicros: 2_400, serverWaitMicros: 30_600, transferMicros: 40,
            totalMicros: 33_170),
        last: LastResult(
            status: 503, error: ErrorRecord(kind: .status, message: "503 not in 200-299", at: at), at: at),
        recentErrors: [
            ErrorRecord(
                kind: .timeout, message: "Operation timed out after 2000 ms", at: at.addingTimeInterval(-5)),
            ErrorRecord(kind: .poolExhausted, message: "no connection within 3s", at: at),
        ],
        paused: true,
        policyLines: ["interval: 5s", "timeout: 2s", "headers: Authorization: <redacted>"])

    static let bare = EndpointSnapshot(
        name: "new", displayURL: "http://127.0.0.1:9/x",
        breaker: BreakerView(state: .open, probeDueIn: .milliseconds(12_500)))

    /// The JSON round trip of `snapshot`, through the one encoder every export uses.
    func roundTrip(_ snapshot: Snapshot) throws -> Snapshot {
        let data = try SnapshotJSONEncoder().encode(snapshot)
        return try Snapshot(JSONDecoder().decode(SnapshotDTO.self, from: data))
    }

    @Test func everyFieldSurvivesTheRoundTrip() throws {
        let back = try roundTrip(Self.full)
        #expect(back.endpoints[0] == Self.full.endpoints[0])
        #expect(back.endpoints[1] == Self.full.endpoints[1])
        #expect(back == Self.full)
    }

    /// The streamed writer (what `/v1/snapshot` and `snapshot` use) gives the same document.
    @Test func theStreamedDocumentReadsBackToo() throws {
        var data = Data()
        try SnapshotJSONEncoder().write(Self.full, chunkBytes: 64) { data.append($0) }
        #expect(try Snapshot(JSONDecoder().decode(SnapshotDTO.self, from: data)) == Self.full)
    }

    /// A `watch` snapshot line decodes as a snapshot document (its extra `type` key is ignored).
    @Test func aWatchLineReadsBack() throws {
        let line = try SnapshotJSONEncoder().line(for: Self.full)
        #expect(try Snapshot(JSONDecoder().decode(SnapshotDTO.self, from: Data(line.utf8))) == Self.full)
    }

    @Test func roundingIsTheDocumentedOne() throws {
        var snapshot = Self.full
        snapshot.generatedAt = Self.at.addingTimeInterval(0.000_4)  // below a millisecond
        snapshot.uptime = .nanoseconds(12_345_678_901)
        snapshot.endpoints[0].breaker.failureRate = 0.123_456
        snapshot.endpoints[0].latency.p50 = 1.234_567
        snapshot.endpoints[0].recentLatencyMs = [0.000_4, nil]
        let back = try roundTrip(snapshot)
        #expect(abs(back.generatedAt.timeIntervalSince(snapshot.generatedAt)) < 0.001)
        #expect(back.uptime == .milliseconds(12_346))
        #expect(back.endpoints[0].breaker.failureRate == 0.1235)
        #expect(back.endpoints[0].latency.p50 == 1.235)
        #expect(back.endpoints[0].recentLatencyMs == [0, nil])
    }

    /// Strings from servers are sanitised on the way out, so what comes back is the clean text.
    @Test func hostileTextComesBackSanitised() throws {
        var snapshot = Self.full
        snapshot.endpoints[0].recentErrors[0].message = "bad\u{1B}[31m red\nline"
        snapshot.endpoints[0].policyLines = ["x: \u{202E}evil"]
        let back = try roundTrip(snapshot)
        #expect(
            back.endpoints[0].recentErrors[0].message == TextSanitizer.sanitize("bad\u{1B}[31m red\nline"))
        #expect(!back.endpoints[0].policyLines[0].contains("\u{202E}"))
    }

    /// A document written before the detail keys existed still reads, with them empty.
    @Test func anOlderDocumentWithoutTheDetailKeysReads() throws {
        let data = try SnapshotJSONEncoder().encode(Self.full)
        var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var endpoints = try #require(object["endpoints"] as? [[String: Any]])
        for index in endpoints.indices {
            for key in ["recent_latency_ms", "last_phases_us", "recent_errors", "policy"] {
                endpoints[index][key] = nil
            }
            var breaker = try #require(endpoints[index]["breaker"] as? [String: Any])
            for key in [
                "half_open", "timeline", "failure_rate_threshold", "slow_call_rate_threshold",
                "consecutive_failure_threshold",
            ] {
                breaker[key] = nil
            }
            endpoints[index]["breaker"] = breaker
            var latency = try #require(endpoints[index]["latency_ms"] as? [String: Any])
            latency["histogram"] = nil
            endpoints[index]["latency_ms"] = latency
            if var last = endpoints[index]["last"] as? [String: Any],
                var error = last["error"] as? [String: Any]
            {
                error["at"] = nil
                last["error"] = error
                endpoints[index]["last"] = last
            }
        }
        object["endpoints"] = endpoints
        object["pool"] = nil
        let old = try JSONSerialization.data(withJSONObject: object)
        let back = try Snapshot(JSONDecoder().decode(SnapshotDTO.self, from: old))
        #expect(back.endpoints[0].breaker.timeline.isEmpty)
        #expect(back.endpoints[0].recentLatencyMs.isEmpty)
        #expect(back.endpoints[0].policyLines.isEmpty)
        #expect(back.endpoints[0].last?.error?.at == Self.at, "an error without `at` takes the probe's time")
        #expect(back.endpoints[0].breaker.state == .halfOpen)
        #expect(back.pool == PoolSnapshot())
    }

    @Test func anUnknownBreakerStateIsAClearError() throws {
        var dto = SnapshotDTO(Self.full)
        dto.endpoints[0].breaker.state = "sideways"
        #expect(throws: WireFormatError("unknown breaker state: sideways")) { try Snapshot(dto) }
        dto = SnapshotDTO(Self.full)
        dto.generatedAt = "yesterday"
        #expect(throws: WireFormatError.self) { try Snapshot(dto) }
    }

    static let events: [Event] = [
        Event(
            sequence: 41, at: at, kind: .transition(from: .closed, to: .open), endpoint: "flaky",
            message: "5 consecutive failures ≥ 5"),
        Event(
            sequence: 42, at: at, kind: .operatorAction(.forceOpen), endpoint: "api",
            message: "api forced open by root (pid 4242)", author: "root (pid 4242)"),
        Event(
            sequence: 43, at: at, kind: .reload(accepted: false), endpoint: nil, message: "x.yaml:7:5: bad"),
        Event(sequence: 44, at: at, kind: .error, endpoint: nil, message: "state file unwritable"),
        Event(sequence: 45, at: at, kind: .info, endpoint: nil, message: "started: 6 endpoints"),
    ]

    @Test(arguments: events) func eventsSurviveTheRoundTrip(event: Event) throws {
        let line = try SnapshotJSONEncoder().line(for: event)
        #expect(try Event(JSONDecoder().decode(EventDTO.self, from: Data(line.utf8))) == event)
    }

    @Test func anUnknownEventKindReadsAsInfo() throws {
        var dto = EventDTO(Self.events[4])
        dto.kind = "prophecy"
        #expect(try Event(dto).kind == .info)
    }
}
