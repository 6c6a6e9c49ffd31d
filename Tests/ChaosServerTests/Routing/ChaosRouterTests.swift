import ChaosServer
import Testing

@Suite("ChaosServer latency and status endpoints")
struct ChaosRouterTests {
    @Test("/delay?ms=N waits at least N ms")
    func fixedDelay() async throws {
        try await withChaosServer { server async throws in
            let started = ContinuousClock.now
            let reply = try #require(try await server.get("/delay?ms=200"))
            let elapsed = ContinuousClock.now - started
            #expect(reply.status == 200)
            #expect(reply.header("X-Chaos-Delay-Ms") == "200")
            #expect(elapsed >= .milliseconds(200))
            #expect(elapsed < .seconds(5))
        }
    }

    @Test("/delay?min=&max= picks within bounds, waits that long, and repeats per seed")
    func randomDelay() async throws {
        func delays(seed: UInt64) async throws -> [Int] {
            try await withChaosServer(seed: seed) { server async throws in
                var chosen: [Int] = []
                for _ in 0..<6 {
                    let started = ContinuousClock.now
                    let reply = try #require(try await server.get("/delay?min=10&max=60"))
                    let delay = try #require(reply.header("X-Chaos-Delay-Ms").flatMap { Int($0) })
                    #expect((10...60).contains(delay))
                    #expect(ContinuousClock.now - started >= .milliseconds(delay))
                    chosen.append(delay)
                }
                return chosen
            }
        }
        let first = try await delays(seed: 7)
        #expect(try await delays(seed: 7) == first)
        #expect(Set(first).count > 1)
    }

    @Test("/delay combines with &status=")
    func delayWithStatus() async throws {
        try await withChaosServer { server async throws in
            let reply = try #require(try await server.get("/delay?ms=5&status=504"))
            #expect(reply.status == 504)
            #expect(reply.header("X-Chaos-Delay-Ms") == "5")
        }
    }

    @Test(
        "/status/{code} answers any final status, odd ones included",
        arguments: [200, 204, 301, 404, 418, 500, 503, 599, 999])
    func status(code: Int) async throws {
        try await withChaosServer { server async throws in
            let reply = try #require(try await server.get("/status/\(code)"))
            #expect(reply.status == code)
            #expect(server.requestCount(path: "/status/\(code)") == 1)
            if code == 204 { #expect(reply.body.isEmpty) }
        }
    }

    @Test("/status/{code}?retry_after= adds Retry-After")
    func statusRetryAfter() async throws {
        try await withChaosServer { server async throws in
            let reply = try #require(try await server.get("/status/503?retry_after=7"))
            #expect(reply.status == 503)
            #expect(reply.header("Retry-After") == "7")
        }
    }

    @Test("/redirect/{n} is a chain of n hops and /redirect?to= points on this server only")
    func redirects() async throws {
        try await withChaosServer { server async throws in
            let hop = try #require(try await server.get("/redirect/3"))
            #expect(hop.status == 302)
            #expect(hop.header("Location") == "/redirect/2")
            #expect(try await server.get("/redirect/0")?.status == 200)
            let to = try #require(try await server.get("/redirect?to=/status/418&code=307"))
            #expect(to.status == 307)
            #expect(to.header("Location") == "/status/418")
            #expect(try await server.get("/redirect?to=http://example.com/")?.status == 400)
        }
    }
}
