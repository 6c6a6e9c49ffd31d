import ChaosServer
import Foundation
import Resilience
import Testing

@Suite("ChaosServer failures: flaky, outages, rate limits")
struct ChaosFailureTests {
    /// The statuses of `count` sequential requests to `target` on a fresh server seeded `seed`.
    private func statuses(_ target: String, seed: UInt64, count: Int) async throws -> [Int] {
        try await withChaosServer(seed: seed) { server async throws in
            var result: [Int] = []
            for _ in 0..<count { result.append(try #require(try await server.get(target)).status) }
            return result
        }
    }

    @Test("/flaky?p= fails with 503 at about rate p, identically for the same seed")
    func flakyIsSeeded() async throws {
        let first = try await statuses("/flaky?p=0.3", seed: 42, count: 60)
        #expect(Set(first).isSubset(of: [200, 503]))
        let failures = first.filter { $0 == 503 }.count
        #expect((6...30).contains(failures))
        #expect(try await statuses("/flaky?p=0.3", seed: 42, count: 60) == first)
        #expect(try await statuses("/flaky?p=0.3", seed: 43, count: 60) != first)
    }

    @Test("/flaky edge probabilities and a custom failure status")
    func flakyEdges() async throws {
        #expect(try await statuses("/flaky?p=0", seed: 1, count: 10) == Array(repeating: 200, count: 10))
        #expect(
            try await statuses("/flaky?p=1&status=500", seed: 1, count: 10)
                == Array(repeating: 500, count: 10))
    }

    @Test("/outage/{name} follows setOutage and the control endpoint")
    func outageSwitch() async throws {
        try await withChaosServer { server async throws in
            #expect(try await server.get("/outage/db")?.status == 200)
            server.setOutage("db", on: true)
            #expect(try await server.get("/outage/db")?.status == 503)
            #expect(try await server.get("/outage/cache")?.status == 200)
            let off = try #require(try await server.get("/control/outage/db?on=0", method: "POST"))
            #expect(off.status == 200)
            #expect(off.text.contains("\"on\":false"))
            #expect(try await server.get("/outage/db")?.status == 200)
            #expect(try await server.get("/control/outage/db?on=1")?.status == 200)
            let down = try #require(try await server.get("/outage/db?retry_after=4"))
            #expect(down.status == 503)
            #expect(down.header("Retry-After") == "4")
            #expect(try await server.get("/control/outage/db?on=maybe")?.status == 400)
            #expect(try await server.get("/control/outage/db", method: "DELETE")?.status == 405)
        }
    }

    @Test("/outage/{name}?every=&down= is down for the last `down` of every period, on the server clock")
    func outageSchedule() async throws {
        let clock = ManualClock()
        try await withChaosServer(clock: clock) { server async throws in
            let path = "/outage/checkout?every=10s&down=3s"
            var observed: [Int] = []
            for second in [0, 6, 7, 9, 10, 16, 17, 25] {
                clock.advance(to: Instant(nanoseconds: Int64(second) * 1_000_000_000))
                observed.append(try #require(try await server.get(path)).status)
            }
            #expect(observed == [200, 200, 503, 503, 200, 200, 503, 200])
            // A manual switch overrides a schedule that says up.
            server.setOutage("checkout", on: true)
            #expect(try await server.get(path)?.status == 503)
            #expect(try await server.get("/outage/checkout?every=1s&down=2s")?.status == 400)
        }
    }

    @Test("/ratelimited answers 429 with Retry-After in seconds or as an HTTP-date")
    func rateLimited() async throws {
        try await withChaosServer { server async throws in
            let seconds = try #require(try await server.get("/ratelimited?retry_after=2"))
            #expect(seconds.status == 429)
            #expect(seconds.header("Retry-After") == "2")
            let dated = try #require(try await server.get("/ratelimited?retry_after=120&format=date"))
            #expect(dated.status == 429)
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
            let date = try #require(dated.header("Retry-After").flatMap { formatter.date(from: $0) })
            #expect(abs(date.timeIntervalSinceNow - 120) < 10)
        }
    }

    @Test("/ratelimit/{bucket} is a token bucket shared across paths naming the bucket")
    func tokenBucket() async throws {
        let clock = ManualClock()
        try await withChaosServer(clock: clock) { server async throws in
            let quotes = "/ratelimit/partner?rps=1&burst=2&client=quotes"
            let rates = "/ratelimit/partner?rps=1&burst=2&client=rates"
            #expect(try await server.get(quotes)?.status == 200)
            #expect(try await server.get(rates)?.status == 200)
            let limited = try #require(try await server.get(quotes))
            #expect(limited.status == 429)
            #expect(limited.header("Retry-After") == "1")
            #expect(try await server.get("/ratelimit/other?rps=1&burst=2")?.status == 200)
            clock.advance(by: .seconds(1))
            #expect(try await server.get(rates)?.status == 200)
            #expect(try await server.get(quotes)?.status == 429)
        }
    }
}
