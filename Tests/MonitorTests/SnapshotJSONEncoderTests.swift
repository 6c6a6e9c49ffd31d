import Foundation
import Resilience
import Testing

@testable import Monitor

@Suite struct SnapshotJSONEncoderTests {
    private func decode(_ data: Data) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    private func endpoints(_ object: [String: Any]) throws -> [[String: Any]] {
        try #require(object["endpoints"] as? [[String: Any]])
    }

    @Test func topLevelKeysAndValues() throws {
        let object = try decode(try SnapshotJSONEncoder().encode(SnapshotFixture.snapshot))
        #expect(
            Set(object.keys)
                == [
                    "version", "source", "generated_at", "uptime_s", "paused_all", "scheduler", "endpoints",
                    "rate_limits", "pool",
                ])
        #expect(object["version"] as? Int == 1)
        #expect(object["generated_at"] as? String == "2026-01-01T00:00:00.250Z")
        #expect(object["uptime_s"] as? Double == 12.345)
        #expect(object["source"] as? String == "fixture")
        let scheduler = try #require(object["scheduler"] as? [String: Any])
        #expect(
            Set(scheduler.keys)
                == [
                    "probes_total", "probes_per_second", "lateness_ms_p50", "lateness_ms_p99",
                    "lateness_ms_max",
                ])
        #expect(scheduler["probes_total"] as? Int == 120)
        #expect(scheduler["lateness_ms_p99"] as? Double == 1.25)
        let limiters = try #require(object["rate_limits"] as? [[String: Any]])
        #expect(limiters.count == 1)
        #expect(limiters[0]["name"] as? String == "github")
        #expect(limiters[0]["time_to_next_permit_ms"] as? Double == 40)
        #expect(limiters[0]["period_s"] as? Double == 1)
        #expect(limiters[0]["calls"] as? Int == 10)
        #expect(limiters[0]["burst"] as? Int == 20, "the bucket's capacity, not calls")
        let pool = try #require(object["pool"] as? [String: Any])
        #expect(
            Set(pool.keys) == [
                "max_connections", "max_connections_per_host", "in_use", "waiting", "saturated_hosts",
            ])
        #expect(pool["max_connections"] as? Int == 100)
        #expect(pool["in_use"] as? Int == 72)
        #expect(pool["waiting"] as? Int == 31)
        let hosts = try #require(pool["saturated_hosts"] as? [[String: Any]])
        #expect(hosts.count == 1)
        #expect(hosts.first?["origin"] as? String == "http://10.0.0.7:8080")
        #expect(hosts.first?["in_use"] as? Int == 50)
        #expect(hosts.first?["waiting"] as? Int == 30)
    }

    /// `pool` came after version 1 shipped: a document without it still decodes.
    @Test func documentWithoutPoolStillDecodes() throws {
        var object = try decode(try SnapshotJSONEncoder().encode(SnapshotFixture.snapshot))
        object["pool"] = nil
        let data = try JSONSerialization.data(withJSONObject: object)
        let decoded = try JSONDecoder().decode(SnapshotDTO.self, from: data)
        #expect(decoded.pool == nil)
        #expect(decoded.endpoints.count == SnapshotFixture.snapshot.endpoints.count)
    }

    @Test func endpointCarriesTheIssueFieldsWithStableNames() throws {
        let endpoint = try endpoints(try decode(try SnapshotJSONEncoder().encode(SnapshotFixture.snapshot)))[
            0]
        #expect(
            Set(endpoint.keys)
                == [
                    "name", "group", "url", "tls_verify_disabled", "breaker", "requests", "retries",
                    "rate_limit",
                    "latency_ms", "last", "paused", "tls", "recent_latency_ms", "last_phases_us",
                    "recent_errors", "policy",
                ])
        #expect(endpoint["name"] as? String == "api")
        #expect(endpoint["group"] as? String == "edge")
        #expect(endpoint["url"] as? String == "https://api.example.com/health")
        let breaker = try #require(endpoint["breaker"] as? [String: Any])
        #expect(breaker["state"] as? String == "closed")
        #expect(breaker["failure_rate"] as? Double == 0.1)
        #expect(breaker["slow_call_rate"] as? Double == 0)
        #expect(breaker["consecutive_failures"] as? Int == 0)
        #expect(breaker["trips"] as? Int == 2)
        #expect(breaker["probe_due_in_ms"] is NSNull)
        let requests = try #require(endpoint["requests"] as? [String: Any])
        #expect(requests["total"] as? Int == 100)
        #expect(requests["succeeded"] as? Int == 90)
        #expect(requests["failed"] as? Int == 8)
        #expect(requests["rejected"] as? Int == 2)
        #expect(requests["timeouts"] as? Int == 3)
        let retries = try #require(endpoint["retries"] as? [String: Any])
        #expect(retries["total"] as? Int == 12)
        #expect(retries["exhausted"] as? Int == 1)
        #expect(retries["budget_denied"] as? Int == 0)
        let rateLimit = try #require(endpoint["rate_limit"] as? [String: Any])
        #expect(Set(rateLimit.keys) == ["name", "queue_depth", "queue_peak", "rejected"])
        #expect(rateLimit["queue_depth"] as? Int == 3)
        #expect(rateLimit["queue_peak"] as? Int == 7)
        let latency = try #require(endpoint["latency_ms"] as? [String: Any])
        #expect(latency["p50"] as? Double == 1.2)
        #expect(latency["p999"] as? Double == 8)
        #expect(latency["max"] as? Double == 10)
        #expect(latency["window_s"] as? Double == 60)
        let last = try #require(endpoint["last"] as? [String: Any])
        #expect(last["status"] as? Int == 200)
        #expect(last["error"] is NSNull)
        #expect(last["at"] as? String == "2026-01-01T00:00:00.250Z")
        #expect(endpoint["paused"] as? Bool == false)
    }

    @Test func openBreakerErrorAndNulls() throws {
        let list = try endpoints(try decode(try SnapshotJSONEncoder().encode(SnapshotFixture.snapshot)))
        let flaky = list[1]
        let breaker = try #require(flaky["breaker"] as? [String: Any])
        #expect(breaker["state"] as? String == "open")
        #expect(breaker["probe_due_in_ms"] as? Double == 12_500)
        #expect(flaky["rate_limit"] is NSNull)
        let last = try #require(flaky["last"] as? [String: Any])
        #expect(last["status"] is NSNull)
        let error = try #require(last["error"] as? [String: Any])
        #expect(Set(error.keys) == ["kind", "message", "at"])
        #expect(error["kind"] as? String == "timeout")
        #expect(error["message"] as? String == "Operation timed out after 2000 ms")

        let weird = list[2]
        #expect(weird["name"] as? String == #"we"ird\name"#)
        #expect(weird["group"] is NSNull)
        let weirdBreaker = try #require(weird["breaker"] as? [String: Any])
        #expect(weirdBreaker["state"] as? String == "half_open")
        #expect(weirdBreaker["failure_rate"] is NSNull)
        #expect(weirdBreaker["probe_due_in_ms"] is NSNull)

        let isolated = list[3]
        #expect((isolated["breaker"] as? [String: Any])?["state"] as? String == "forced_open")
        #expect(isolated["last"] is NSNull)
        #expect(isolated["paused"] as? Bool == true)
    }

    @Test func everyBreakerStateIsSpelledAsDocumented() throws {
        var spelled: [String] = []
        for state in BreakerState.allCases {
            var snapshot = SnapshotFixture.snapshot
            snapshot.endpoints = [
                EndpointSnapshot(name: "x", displayURL: "u", breaker: BreakerView(state: state))
            ]
            let object = try decode(try SnapshotJSONEncoder().encode(snapshot))
            spelled.append(
                try #require((try endpoints(object)[0]["breaker"] as? [String: Any])?["state"] as? String))
        }
        #expect(spelled == ["closed", "open", "half_open", "forced_open", "disabled"])
    }

    @Test func nonFiniteNumbersStayValidJSON() throws {
        var snapshot = SnapshotFixture.snapshot
        snapshot.scheduler.latenessP99Ms = .infinity
        snapshot.endpoints[0].latency.p50 = .nan
        snapshot.endpoints[0].breaker.failureRate = .nan
        let object = try decode(try SnapshotJSONEncoder().encode(snapshot))
        #expect((object["scheduler"] as? [String: Any])?["lateness_ms_p99"] as? Double == 0)
        let endpoint = try endpoints(object)[0]
        #expect((endpoint["breaker"] as? [String: Any])?["failure_rate"] is NSNull)
        #expect((endpoint["latency_ms"] as? [String: Any])?["p50"] as? Double == 0)
    }

    @Test func prettyOutputIsTheSameDocument() throws {
        let compact = try SnapshotJSONEncoder().encode(SnapshotFixture.snapshot)
        let pretty = try SnapshotJSONEncoder(pretty: true).encode(SnapshotFixture.snapshot)
        let decoder = JSONDecoder()
        #expect(
            try decoder.decode(SnapshotDTO.self, from: compact)
                == decoder.decode(SnapshotDTO.self, from: pretty))
        #expect(String(decoding: pretty, as: UTF8.self).contains("\n  "))
        #expect(!String(decoding: compact, as: UTF8.self).contains("\n"))
    }

    @Test func outputIsDeterministic() throws {
        let encoder = SnapshotJSONEncoder()
        let first = try encoder.string(SnapshotFixture.snapshot)
        #expect(try encoder.string(SnapshotFixture.snapshot) == first)
        #expect(first.hasPrefix(#"{"endpoints":[{"breaker":{"calls_in_window":20,"#))
    }

    @Test func timestampsAreRFC3339UTCWithMilliseconds() throws {
        let date = Date(timeIntervalSince1970: 1_767_225_600.25)
        #expect(RFC3339.string(from: date) == "2026-01-01T00:00:00.250Z")
        #expect(RFC3339.string(from: Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        let parsed = try #require(RFC3339.date(from: "2026-01-01T00:00:00.250Z"))
        #expect(abs(parsed.timeIntervalSince(date)) < 0.001)
        #expect(RFC3339.date(from: "2026-01-01T00:00:00Z") != nil)
        #expect(RFC3339.date(from: "yesterday") == nil)
    }

    @Test func dtoDecodesBackToItself() throws {
        let data = try SnapshotJSONEncoder().encode(SnapshotFixture.snapshot)
        let decoded = try JSONDecoder().decode(SnapshotDTO.self, from: data)
        #expect(decoded == SnapshotDTO(SnapshotFixture.snapshot))
    }
}

@Suite struct WatchLineTests {
    private func object(_ line: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test func snapshotLineIsOneLineWithAType() throws {
        let line = try SnapshotJSONEncoder(pretty: true).line(for: SnapshotFixture.snapshot)
        #expect(!line.contains("\n"))
        #expect(line.contains(#","type":"snapshot","#))
        let decoded = try object(line)
        #expect(decoded["type"] as? String == "snapshot")
        #expect(decoded["version"] as? Int == 1)
        #expect((decoded["endpoints"] as? [Any])?.count == 4)
    }

    @Test func transitionEventLine() throws {
        let event = Event(
            sequence: 7, at: SnapshotFixture.generatedAt, kind: .transition(from: .closed, to: .open),
            endpoint: "api", message: "5 consecutive failures\r\n\u{1B}[1m")
        let line = try SnapshotJSONEncoder().line(for: event)
        #expect(!line.contains("\n"))
        let decoded = try object(line)
        #expect(
            Set(decoded.keys) == ["type", "seq", "at", "kind", "endpoint", "message", "by", "from", "to"])
        #expect(decoded["type"] as? String == "event")
        #expect(decoded["seq"] as? Int == 7)
        #expect(decoded["at"] as? String == "2026-01-01T00:00:00.250Z")
        #expect(decoded["kind"] as? String == "transition")
        #expect(decoded["from"] as? String == "closed")
        #expect(decoded["to"] as? String == "open")
        #expect(decoded["message"] as? String == "5 consecutive failures")
    }

    @Test func otherEventKinds() throws {
        let encoder = SnapshotJSONEncoder()
        let at = SnapshotFixture.generatedAt
        let action = try object(
            encoder.line(
                for: Event(
                    sequence: 1, at: at, kind: .operatorAction(.forceOpen), endpoint: "api",
                    message: "isolated")))
        #expect(action["kind"] as? String == "operator_action")
        #expect(action["action"] as? String == "force_open")
        #expect(action["from"] == nil)
        #expect(action["by"] is NSNull, "no author: null, never absent")
        let authored = try object(
            encoder.line(
                for: Event(
                    sequence: 1, at: at, kind: .operatorAction(.reset), endpoint: "api",
                    message: "api reset by root (pid 4242)", author: "root (pid 4242)\u{1B}[2J")))
        #expect(authored["by"] as? String == "root (pid 4242)", "sanitised")
        let reload = try object(
            encoder.line(
                for: Event(sequence: 2, at: at, kind: .reload(accepted: false), endpoint: nil, message: "bad")
            ))
        #expect(reload["kind"] as? String == "reload")
        #expect(reload["accepted"] as? Bool == false)
        #expect(reload["endpoint"] is NSNull)
        let info = try object(
            encoder.line(for: Event(sequence: 3, at: at, kind: .info, endpoint: nil, message: "hi")))
        #expect(Set(info.keys) == ["type", "seq", "at", "kind", "endpoint", "message", "by"])
        let error = try object(
            encoder.line(for: Event(sequence: 4, at: at, kind: .error, endpoint: "x", message: "e")))
        #expect(error["kind"] as? String == "error")
    }
}

@Suite struct SnapshotJSONStreamingTests {
    @Test func aStreamedLineIsTheSameBytesAsTheWholeLine() throws {
        var empty = SnapshotFixture.snapshot
        empty.endpoints = []
        for snapshot in [SnapshotFixture.snapshot, empty] {
            var bytes = Data()
            var chunks = 0
            try SnapshotJSONEncoder().writeLine(snapshot, chunkBytes: 64) { chunk in
                bytes.append(chunk)
                chunks += 1
            }
            #expect(String(decoding: bytes, as: UTF8.self) == (try SnapshotJSONEncoder().line(for: snapshot)))
            #expect(snapshot.endpoints.isEmpty || chunks > 1)
        }
    }

    private func streamed(_ snapshot: Snapshot, pretty: Bool, chunkBytes: Int) throws -> (Data, chunks: Int) {
        var bytes = Data()
        var chunks = 0
        try SnapshotJSONEncoder(pretty: pretty).write(snapshot, chunkBytes: chunkBytes) { chunk in
            bytes.append(chunk)
            chunks += 1
        }
        return (bytes, chunks)
    }

    @Test(arguments: [false, true], [1, 300, 64 * 1024])
    func streamedBytesAreTheEncodedDocument(pretty: Bool, chunkBytes: Int) throws {
        let whole = try SnapshotJSONEncoder(pretty: pretty).encode(SnapshotFixture.snapshot)
        let (bytes, chunks) = try streamed(SnapshotFixture.snapshot, pretty: pretty, chunkBytes: chunkBytes)
        #expect(bytes == whole)
        // A chunk after every endpoint when each overflows it, plus the tail; one in all when the
        // document fits.
        let endpointCount = SnapshotFixture.snapshot.endpoints.count
        if chunkBytes == 1 {
            #expect(chunks == endpointCount + 1)
        } else if chunkBytes > whole.count {
            #expect(chunks == 1)
        } else {
            #expect((2...endpointCount + 1).contains(chunks))
        }
    }

    @Test(arguments: [false, true])
    func aSnapshotWithoutEndpointsStreamsTheEncodedDocument(pretty: Bool) throws {
        var snapshot = SnapshotFixture.snapshot
        snapshot.endpoints = []
        let whole = try SnapshotJSONEncoder(pretty: pretty).encode(snapshot)
        #expect(try streamed(snapshot, pretty: pretty, chunkBytes: 1).0 == whole)
    }

    @Test func aThrowingSinkStopsTheWriting() throws {
        struct Gone: Error {}
        var calls = 0
        #expect(throws: Gone.self) {
            try SnapshotJSONEncoder(pretty: true).write(SnapshotFixture.snapshot, chunkBytes: 1) { _ in
                calls += 1
                throw Gone()
            }
        }
        #expect(calls == 1)
    }
}
