@testable import ChaosServer
import Resilience
import Testing

@Suite("SeededRandom")
struct SeededRandomTests {
    @Test("draws are a pure function of seed, stream and index")
    func pure() {
        let a = (0..<100).map { SeededRandom.unit(seed: 9, stream: "/flaky?p=0.3", index: $0) }
        let b = (0..<100).map { SeededRandom.unit(seed: 9, stream: "/flaky?p=0.3", index: $0) }
        let c = (0..<100).map { SeededRandom.unit(seed: 9, stream: "/flaky?p=0.5", index: $0) }
        #expect(a == b)
        #expect(a != c)
        #expect(a.allSatisfy { (0..<1).contains($0) })
    }

    @Test("unit draws are roughly uniform and integers stay in range")
    func distribution() {
        let draws = (0..<10_000).map { SeededRandom.unit(seed: 1, stream: "s", index: $0) }
        let mean = draws.reduce(0, +) / Double(draws.count)
        #expect(abs(mean - 0.5) < 0.02)
        let below = draws.filter { $0 < 0.3 }.count
        #expect((2_800...3_200).contains(below))
        let ints = (0..<1_000).map { SeededRandom.integer(in: 50...52, seed: 1, stream: "d", index: $0) }
        #expect(Set(ints) == [50, 51, 52])
    }
}

@Suite("OutageSchedule")
struct OutageScheduleTests {
    @Test("down for the last `down` of each period, shifted by offset")
    func window() throws {
        let schedule = try #require(OutageSchedule(every: .seconds(45), down: .seconds(10)))
        #expect(!schedule.isDown(at: .zero))
        #expect(!schedule.isDown(at: .milliseconds(34_999)))
        #expect(schedule.isDown(at: .seconds(35)))
        #expect(schedule.isDown(at: .milliseconds(44_999)))
        #expect(!schedule.isDown(at: .seconds(45)))
        #expect(schedule.isDown(at: .seconds(80)))
        let shifted = try #require(
            OutageSchedule(every: .seconds(45), down: .seconds(10), offset: .seconds(5)))
        #expect(!shifted.isDown(at: .seconds(35)))
        #expect(shifted.isDown(at: .seconds(40)))
        #expect(shifted.isDown(at: .seconds(2)))  // the previous period's window wraps past zero
    }

    @Test("rejects impossible schedules; down == every is always down, down == 0 never")
    func validation() throws {
        #expect(OutageSchedule(every: .zero, down: .zero) == nil)
        #expect(OutageSchedule(every: .seconds(1), down: .seconds(2)) == nil)
        let always = try #require(OutageSchedule(every: .seconds(1), down: .seconds(1)))
        let never = try #require(OutageSchedule(every: .seconds(1), down: .zero))
        for ms in stride(from: 0, to: 3_000, by: 137) {
            #expect(always.isDown(at: .milliseconds(ms)))
            #expect(!never.isDown(at: .milliseconds(ms)))
        }
    }
}

@Suite("TokenBucket")
struct TokenBucketTests {
    @Test("bursts to capacity, then refills at rate, reporting the wait")
    func refill() throws {
        var bucket = try #require(TokenBucket(rate: 2, capacity: 3, now: .zero))
        #expect(bucket.take(now: .zero) == .allow(remaining: 2))
        #expect(bucket.take(now: .zero) == .allow(remaining: 1))
        #expect(bucket.take(now: .zero) == .allow(remaining: 0))
        #expect(bucket.take(now: .zero) == .reject(retryAfter: .milliseconds(500)))
        let later = Instant.zero + .milliseconds(500)
        #expect(bucket.take(now: later) == .allow(remaining: 0))
        // Idle for a long time: never more than capacity.
        let much = later + .seconds(60)
        for _ in 0..<3 { guard case .allow = bucket.take(now: much) else { Issue.record("refused"); return } }
        guard case .reject = bucket.take(now: much) else { Issue.record("exceeded capacity"); return }
    }

    @Test("rejects non-positive limits")
    func validation() {
        #expect(TokenBucket(rate: 0, capacity: 1, now: .zero) == nil)
        #expect(TokenBucket(rate: 1, capacity: 0.5, now: .zero) == nil)
    }
}

@Suite("ChaosDuration")
struct ChaosDurationTests {
    @Test(
        "parses units and bare seconds",
        arguments: [
            ("45s", Duration.seconds(45)), ("45", .seconds(45)), ("500ms", .milliseconds(500)),
            ("1.5s", .milliseconds(1_500)), ("2m", .seconds(120)), ("250us", .microseconds(250)),
            ("0", .zero),
        ])
    func parses(text: String, expected: Duration) {
        #expect(ChaosDuration.parse(text) == expected)
    }

    @Test("rejects garbage", arguments: ["", "s", "-1s", "abc", "1x", "nan", "inf"])
    func rejects(text: String) {
        #expect(ChaosDuration.parse(text) == nil)
    }
}

@Suite("ChaosResponse")
struct ChaosResponseTests {
    @Test("the head strips CR/LF from raw values but keeps other control bytes")
    func sanitises() {
        var response = ChaosResponse(status: 599, reason: [0x1B, 0x0D, 0x0A, 0x41], body: [])
        response.headers.append(("X-Evil", [0x07, 0x0A, 0x0D, 0x42]))
        let head = response.head(keepAlive: false, contentLength: 0)
        let text = String(decoding: head, as: UTF8.self)
        #expect(text.hasPrefix("HTTP/1.1 599 \u{1B}A\r\n"))
        #expect(text.contains("X-Evil: \u{07}B\r\n"))
        #expect(text.contains("Connection: close\r\n"))
        #expect(text.hasSuffix("\r\n\r\n"))
    }

    @Test("204 gets no Content-Length; keep-alive omits Connection: close")
    func framing() {
        let noContent = String(
            decoding: ChaosResponse(status: 204).head(keepAlive: true, contentLength: 0), as: UTF8.self)
        #expect(!noContent.contains("Content-Length"))
        #expect(!noContent.contains("Connection"))
    }
}
