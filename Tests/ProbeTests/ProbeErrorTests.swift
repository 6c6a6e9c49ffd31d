import ChaosServer
import TestSupport
import Testing

@testable import Probe

/// Every ``ProbeError`` kind, each produced by a real cause on a real socket.
@Suite struct ProbeErrorTests {
    @Test func closedPortIsConnectRefused() async throws {
        let prober = Prober()
        defer { prober.shutdown() }
        let port = try Loopback.closedPort()
        let error = await probeError(prober, ProbeRequest(url: "http://127.0.0.1:\(port)/"))
        #expect(error?.kind == .connectRefused)
        #expect(error?.curlCode == 7)
        #expect(error?.message.contains("\(port)") == true)
    }

    @Test func nameUnderInvalidIsDNS() async {
        let prober = Prober()
        defer { prober.shutdown() }
        let error = await probeError(prober, ProbeRequest(url: "http://ethotop-probe-test.invalid/"))
        #expect(error?.kind == .dns)
        #expect(error?.message.contains("ethotop-probe-test.invalid") == true)
    }

    @Test func blackholeIsConnectTimeout() async throws {
        let prober = Prober()
        defer { prober.shutdown() }
        let hole = try ChaosBlackhole.start()
        defer { hole.stop() }
        let request = ProbeRequest(
            url: hole.baseURL + "/", connectTimeout: .milliseconds(200), timeout: .seconds(60))
        let error = await probeError(prober, request)
        #expect(error?.kind == .connectTimeout)
        #expect((error?.timings.totalMicros ?? 0) >= 200_000)
        #expect((error?.timings.connectMicros ?? 1) == 0)
    }

    @Test func totalTimeoutWhileConnectingNamesTheConnectPhase() async throws {
        let prober = Prober()
        defer { prober.shutdown() }
        let hole = try ChaosBlackhole.start()
        defer { hole.stop() }
        let request = ProbeRequest(
            url: hole.baseURL + "/", connectTimeout: .seconds(5), timeout: .milliseconds(150))
        #expect(await probeError(prober, request)?.kind == .timeout(.connect))
    }

    @Test func hangIsTimeoutWaitingForTheServer() async throws {
        try await withChaos { server, prober in
            let error = await probeError(
                prober, ProbeRequest(url: server.url(for: "/hang"), timeout: .milliseconds(500)))
            #expect(error?.kind == .timeout(.serverWait))
            #expect(error?.curlCode == 28)
            #expect((error?.timings.connectMicros ?? 0) > 0)
        }
    }

    @Test func slowDripIsTimeoutDuringTransfer() async throws {
        try await withChaos { server, prober in
            let url = server.url(for: "/drip?bytes=100&interval_ms=50")
            // 100 bytes, one every 50 ms: headers at once, the body over 5 s.
            let error = await probeError(prober, ProbeRequest(url: url, timeout: .seconds(2)))
            #expect(error?.kind == .timeout(.transfer))
            #expect((error?.timings.serverWaitMicros ?? 0) > 0)
        }
    }

    @Test(arguments: ["/reset", "/reset-headers", "/close"])
    func peerGoingAwayIsConnectionReset(path: String) async throws {
        try await withChaos { server, prober in
            let error = await probeError(prober, ProbeRequest(url: server.url(for: path)))
            #expect(error?.kind == .connectionReset)
            #expect(error?.message.isEmpty == false)
        }
    }

    @Test func nonHTTPReplyIsProtocol() async throws {
        try await withChaos { server, prober in
            let error = await probeError(prober, ProbeRequest(url: server.url(for: "/garbage")))
            #expect(error?.kind == .protocol)
        }
    }

    @Test(arguments: ["/huge?bytes=2000000", "/huge?bytes=2000000&chunked=1"])
    func oversizedBodyIsBodyTooLarge(path: String) async throws {
        try await withChaos { server, prober in
            let error = await probeError(prober, ProbeRequest(url: server.url(for: path)))
            #expect(error?.kind == .bodyTooLarge)
            #expect(error?.message.contains("\(1 << 20)") == true)
        }
    }

    @Test func bodyAtTheLimitIsFine() async throws {
        try await withChaos { server, prober in
            let result = try await prober.probe(
                ProbeRequest(url: server.url(for: "/huge?bytes=5000&chunked=1"), maxBodyBytes: 5000))
            #expect(result.bytes == 5000)
            #expect(result.bodyPrefix.count == ProbeResult.bodyPrefixLimit)
            #expect(
                await probeError(
                    prober,
                    ProbeRequest(url: server.url(for: "/huge?bytes=5001&chunked=1"), maxBodyBytes: 5000))?
                    .kind == .bodyTooLarge)
        }
    }

    @Test func selfSignedCertificateFailsVerificationUnlessOptedOut() async throws {
        let prober = Prober()
        defer { prober.shutdown() }
        let server = try TLSServer()
        defer { server.stop() }
        let url = "https://localhost:\(server.port)/"
        let error = await probeError(prober, ProbeRequest(url: url))
        #expect(error?.kind == .tls(.verification))
        #expect(error?.curlCode == 60)
        #expect(error?.message.isEmpty == false)

        let result = try await prober.probe(ProbeRequest(url: url, tlsVerify: false))
        #expect(result.status == 200)
        #expect(result.timings.tlsMicros > 0)
    }

    @Test func tlsToAPlainHTTPServerIsAHandshakeFailure() async throws {
        try await withChaos { server, prober in
            let url = "https://127.0.0.1:\(server.port)/ok"
            #expect(await probeError(prober, ProbeRequest(url: url))?.kind == .tls(.handshake))
        }
    }

    @Test func tooManyRedirectsIsOtherWithCurlsCode() async throws {
        try await withChaos { server, prober in
            let request = ProbeRequest(url: server.url(for: "/redirect/6"), followRedirects: true)
            let error = await probeError(prober, request)
            #expect(error?.kind == .other(curlCode: 47))
            #expect(error?.message.isEmpty == false)
        }
    }

    /// libcurl 7.88 says "Out of memory" (27) for a header over 100 KiB; it is its own kind.
    @Test func anOversizedResponseHeaderIsHeaderTooLarge() async throws {
        try await withChaos { server, prober in
            let error = await probeError(
                prober, ProbeRequest(url: server.url(for: "/big-header?bytes=204800")))
            #expect(error?.kind == .headerTooLarge, "\(String(describing: error))")
            #expect(error?.message.contains("response header too large") == true)
            // Just under the limit is fine.
            let result = try await prober.probe(ProbeRequest(url: server.url(for: "/big-header?bytes=65536")))
            #expect(result.status == 200)
        }
    }

    @Test func fullAdmissionQueueIsOverloaded() async throws {
        let configuration = ProberConfiguration(maxConnections: 1, maxQueuedRequests: 1)
        try await withChaos(configuration: configuration) { server, prober in
            let hang = ProbeRequest(url: server.url(for: "/hang"), timeout: .seconds(30))
            let first = Task { await probeError(prober, hang) }
            let second = Task { await probeError(prober, hang) }
            #expect(await eventually { prober.stats.inFlight == 1 && prober.stats.queued == 1 })
            #expect(await probeError(prober, hang)?.kind == .overloaded)
            first.cancel()
            second.cancel()
            #expect(await first.value?.kind == .cancelled)
            #expect(await second.value?.kind == .cancelled)
        }
    }
}
