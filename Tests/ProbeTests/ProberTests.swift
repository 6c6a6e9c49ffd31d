import ChaosServer
import Foundation

import Testing

@testable import Probe

/// The engine end to end against a real ChaosServer: results, reuse, concurrency, cancellation,
/// admission and shutdown.
@Suite struct ProberTests {
    @Test func okResultCarriesStatusVersionBodyAndReason() async throws {
        try await withChaos { server, prober in
            let result = try await prober.probe(ProbeRequest(url: server.url(for: "/ok")))
            #expect(result.status == 200)
            #expect(result.reasonPhrase == "OK")
            #expect(result.httpVersion == .http1_1)
            #expect(result.bytes == 3)
            #expect(result.bodyPrefix == Array("ok\n".utf8))
            #expect(result.retryAfter == nil)
            #expect(!result.connectionReused)
            #expect(result.redirectCount == 0)
        }
    }

    @Test func errorStatusIsAResultNotAnError() async throws {
        try await withChaos { server, prober in
            let result = try await prober.probe(ProbeRequest(url: server.url(for: "/status/503")))
            #expect(result.status == 503)
            #expect(result.reasonPhrase == "Service Unavailable")
        }
    }

    @Test func reasonPhraseIsKeptRawForTheMonitorToSanitise() async throws {
        try await withChaos { server, prober in
            let result = try await prober.probe(ProbeRequest(url: server.url(for: "/escapes")))
            #expect(result.status == 200)
            #expect(result.reasonPhrase.utf8.contains(0x1B))
        }
    }

    @Test func retryAfterSecondsAndDateAreParsed() async throws {
        try await withChaos { server, prober in
            let seconds = try await prober.probe(
                ProbeRequest(url: server.url(for: "/ratelimited?retry_after=7")))
            #expect(seconds.status == 429)
            #expect(seconds.retryAfter == .seconds(7))
            let date = try await prober.probe(
                ProbeRequest(url: server.url(for: "/ratelimited?retry_after=30&format=date")))
            let delay = try #require(date.retryAfter)
            #expect(delay >= .seconds(28) && delay <= .seconds(30))
        }
    }

    @Test func methodHeadersBodyAndUserAgentAreSent() async throws {
        try await withChaos { server, prober in
            let request = ProbeRequest(
                method: "PUT", url: server.url(for: "/echo?x=1"),
                headers: [
                    ProbeHeader(name: "X-Probe", value: "yes"), ProbeHeader(name: "X-Empty", value: ""),
                ],
                body: Array("hello".utf8))
            let result = try await prober.probe(request)
            let echo = try #require(
                try JSONSerialization.jsonObject(with: Data(result.bodyPrefix)) as? [String: Any])
            #expect(echo["method"] as? String == "PUT")
            #expect(echo["body"] as? String == "hello")
            let headers = (echo["headers"] as? [[String]] ?? []).map {
                ($0.first?.lowercased() ?? "", $0.last ?? "")
            }
            #expect(headers.contains { $0 == ("x-probe", "yes") })
            #expect(headers.contains { $0 == ("x-empty", "") })
            #expect(headers.contains { $0 == ("user-agent", "ethotop/\(ProbeModule.version)") })
        }
    }

    @Test func redirectsAreNotFollowedUnlessAsked() async throws {
        try await withChaos { server, prober in
            let url = server.url(for: "/redirect/2")
            let unfollowed = try await prober.probe(ProbeRequest(url: url))
            #expect((300..<400).contains(unfollowed.status))
            let followed = try await prober.probe(ProbeRequest(url: url, followRedirects: true))
            #expect(followed.status == 200)
            #expect(followed.redirectCount == 2)
        }
    }

    @Test func secondProbeToTheSameHostReusesTheConnection() async throws {
        try await withChaos { server, prober in
            let request = ProbeRequest(url: server.url(for: "/ok"))
            let first = try await prober.probe(request)
            let second = try await prober.probe(request)
            #expect(!first.connectionReused)
            #expect(first.timings.connectMicros > 0)
            #expect(second.connectionReused)
            #expect(second.timings.connectMicros == 0)
            #expect(server.acceptedConnections == 1)
        }
    }

    @Test func thousandConcurrentProbesCompleteWithoutLeakingHandles() async throws {
        try await withChaos { server, prober in
            let url = server.url(for: "/ok")
            let statuses = await withTaskGroup(of: Int.self) { group in
                for _ in 0..<1000 {
                    group.addTask { (try? await prober.probe(ProbeRequest(url: url)))?.status ?? -1 }
                }
                return await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.count == 1000)
            #expect(statuses.allSatisfy { $0 == 200 })
            #expect(await eventually { prober.stats.isIdleWithoutLeaks && prober.stats.completed == 1000 })
            let stats = prober.stats
            #expect(stats.handlesLive <= prober.configuration.maxConnections)
            #expect(server.acceptedConnections <= prober.configuration.maxConnections)
        }
    }

    @Test func cancellingAnInFlightProbeReturnsPromptlyAndFreesTheHandle() async throws {
        try await withChaos { server, prober in
            let task = Task {
                await probeError(prober, ProbeRequest(url: server.url(for: "/hang"), timeout: .seconds(60)))
            }
            #expect(
                await eventually { server.requestCount(path: "/hang") == 1 && prober.stats.inFlight == 1 })
            let cancelledAt = ContinuousClock.now
            task.cancel()
            let error = await task.value
            // Prompt: nowhere near the 60 s timeout (the bound is loose for a loaded CI machine;
            // unloaded it takes well under a millisecond).
            #expect(ContinuousClock.now - cancelledAt < .seconds(10))
            #expect(error?.kind == .cancelled)
            #expect((error?.timings.connectMicros ?? 0) > 0)  // the timings show where it stood
            #expect((error?.timings.totalMicros ?? 0) > 0)
            #expect(await eventually { prober.stats.isIdleWithoutLeaks })
            // The half-done exchange cannot be reused: the connection is closed, not pooled.
            #expect(await eventually { server.openConnections == 0 })
        }
    }

    @Test func cancellingAQueuedProbeLeavesTheQueue() async throws {
        try await withChaos(configuration: ProberConfiguration(maxConnections: 1)) { server, prober in
            let hang = ProbeRequest(url: server.url(for: "/hang"), timeout: .seconds(30))
            let running = Task { await probeError(prober, hang) }
            // One after the other, so that `queued` is the one that waits.
            #expect(await eventually { prober.stats.inFlight == 1 })
            let queued = Task { await probeError(prober, hang) }
            #expect(await eventually { prober.stats.inFlight == 1 && prober.stats.queued == 1 })
            queued.cancel()
            let queuedError = await queued.value
            #expect(queuedError?.kind == .cancelled)
            // It never reached libcurl: the engine reports it as a pool rejection, not a timeout.
            #expect(queuedError?.transferStarted == false)
            // The caller is resumed first; the loop thread then drops the entry from its queue.
            #expect(await eventually { prober.stats.queued == 0 })
            running.cancel()
            let runningError = await running.value
            #expect(runningError?.kind == .cancelled)
            #expect(runningError?.transferStarted == true)
            #expect(await eventually { prober.stats.isIdleWithoutLeaks })
        }
    }

    @Test func aCancelledTaskDoesNotStartAProbe() async throws {
        try await withChaos { server, prober in
            let task = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                return await probeError(prober, ProbeRequest(url: server.url(for: "/ok")))
            }
            let error = await task.value
            #expect(error?.kind == .cancelled)
            #expect(error?.transferStarted == false)
            #expect(server.requestCount(path: "/ok") == 0)
        }
    }

    @Test func waitingForAConnectionDoesNotEatTheTimeout() async throws {
        // One connection, held by a hanging probe. A second probe with a 300 ms timeout queues
        // behind it for longer than that timeout; once the first is cancelled it is admitted, its
        // timeout starts then, and it succeeds. The wait is reported as queue time, not as total.
        try await withChaos(configuration: ProberConfiguration(maxConnections: 1)) { server, prober in
            let hang = ProbeRequest(url: server.url(for: "/hang"), timeout: .seconds(60))
            let holder = Task { await probeError(prober, hang) }
            #expect(await eventually { prober.stats.inFlight == 1 })
            let queuedRequest = ProbeRequest(url: server.url(for: "/ok"), timeout: .milliseconds(300))
            let queued = Task { try await prober.probe(queuedRequest) }
            #expect(await eventually { prober.stats.queued == 1 })
            // Deliberate: the point is a queue wait longer than the queued probe's own timeout.
            try await Task.sleep(for: .milliseconds(400))
            #expect(prober.stats.queued == 1)
            holder.cancel()
            let result = try await queued.value
            #expect(result.status == 200)
            #expect(result.timings.queuedMicros >= 400_000)
            #expect(await holder.value?.kind == .cancelled)
        }
    }

    /// The queue wait has a deadline of its own when the caller gives one: the probe then fails
    /// as a pool-wait timeout, never having reached the server, while the one holding the
    /// connection runs on.
    @Test func aQueuedProbeFailsAtItsOwnQueueTimeout() async throws {
        try await withChaos(configuration: ProberConfiguration(maxConnections: 1)) { server, prober in
            let hang = ProbeRequest(url: server.url(for: "/hang"), timeout: .seconds(60))
            let holder = Task { await probeError(prober, hang) }
            #expect(await eventually { prober.stats.inFlight == 1 })
            let request = ProbeRequest(url: server.url(for: "/ok"), timeout: .seconds(60))
            let started = ContinuousClock.now
            var failure: ProbeError?
            do throws(ProbeError) {
                _ = try await prober.probe(request, queueTimeout: .milliseconds(200))
            } catch {
                failure = error
            }
            #expect(failure?.kind == .poolWaitTimeout)
            #expect(failure?.transferStarted == false)
            #expect(ContinuousClock.now - started >= .milliseconds(200))
            #expect(server.requestCount(path: "/ok") == 0)
            // The loop publishes its stats after the iteration that failed the probe.
            #expect(await eventually { prober.stats.queued == 0 })
            #expect(prober.stats.inFlight == 1, "the holder is untouched")
            holder.cancel()
            #expect(await holder.value?.kind == .cancelled)
        }
    }

    @Test func perHostLimitQueuesOnlyThatHost() async throws {
        let configuration = ProberConfiguration(maxConnections: 10, maxConnectionsPerHost: 1)
        try await withChaos(configuration: configuration) { server, prober in
            let other = try await ChaosServer.start()
            defer { Task { try? await other.stop() } }
            let hang = Task {
                await probeError(prober, ProbeRequest(url: server.url(for: "/hang"), timeout: .seconds(30)))
            }
            #expect(await eventually { prober.stats.inFlight == 1 })
            let blocked = Task { try await prober.probe(ProbeRequest(url: server.url(for: "/ok"))) }
            #expect(await eventually { prober.stats.queued == 1 })
            // Another origin is not held up by the saturated one.
            #expect(try await prober.probe(ProbeRequest(url: other.url(for: "/ok"))).status == 200)
            #expect(prober.stats.queued == 1)
            hang.cancel()
            #expect(try await blocked.value.status == 200)
            #expect(await eventually { prober.stats.isIdleWithoutLeaks })
        }
    }

    @Test func shutdownFailsPendingProbesAndLaterOnes() async throws {
        let server = try await ChaosServer.start()
        let prober = Prober()
        let pending = Task {
            await probeError(prober, ProbeRequest(url: server.url(for: "/hang"), timeout: .seconds(30)))
        }
        #expect(await eventually { prober.stats.inFlight == 1 })
        prober.shutdown()
        #expect(await pending.value?.kind == .cancelled)
        #expect(prober.stats.stopped)
        #expect(prober.stats.handlesLive == 0)
        #expect(await probeError(prober, ProbeRequest(url: server.url(for: "/ok")))?.kind == .cancelled)
        try await server.stop()
    }
}
