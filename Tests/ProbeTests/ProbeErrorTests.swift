import Testing

@testable import Probe

/// Every ``ProbeError`` kind, each from a real cause on a real socket.
@Suite struct ProbeErrorTests {
    @Test func closedPortIsConnectRefused() async throws {
        let prober = Prober()
        defer { prober.shutdown() }
        let port = try Sockets.closedPort()
        let error = await #expect(throws: ProbeError.self) {
            _ = try await prober.probe(ProbeRequest(url: "http://127.0.0.1:\(port)/"))
        }
        #expect(error?.kind == .connectRefused)
        #expect(error?.curlCode == 7)
        #expect(error?.message.contains("\(port)") == true)
    }

    @Test func invalidNameIsDNS() async throws {
        let prober = Prober()
        defer { prober.shutdown() }
        let error = await #expect(throws: ProbeError.self) {
            _ = try await prober.probe(ProbeRequest(url: "http://ethotop-probe-test.invalid/"))
        }
        #expect(error?.kind == .dns)
        #expect(error?.message.contains("ethotop-probe-test.invalid") == true)
    }

    @Test func fullBacklogIsConnectTimeout() async throws {
        let prober = Prober()
        defer { prober.shutdown() }
        let listener = try FullBacklogListener()
        let request = ProbeRequest(
            url: "http://127.0.0.1:\(listener.port)/", connectTimeout: .milliseconds(200),
            timeout: .seconds(5))
        let error = await #expect(throws: ProbeError.self) { _ = try await prober.probe(request) }
        #expect(error?.kind == .connectTimeout)
        #expect((error?.timings.totalMicros ?? 0) >= 200_000)
        #expect((error?.timings.totalMicros ?? .max) < 2_000_000)
    }

    @Test func totalTimeoutDuringConnectNamesThePhase() async throws {
        let prober = Prober()
        defer { prober.shutdown() }
        let listener = try FullBacklogListener()
        let request = ProbeRequest(
            url: "http://127.0.0.1:\(listener.port)/", connectTimeout: .seconds(5),
            timeout: .milliseconds(150))
        let error = await #expect(throws: ProbeError.self) { _ = try await prober.probe(request) }
        #expect(error?.kind == .timeout(.connect))
    }

    @Test func resetIsConnectionReset() async throws {
        let prober = Prober()
        defer { prober.shutdown() }
        let server = try RawServer(.reset)
        defer { server.stop() }
        let error = await #expect(throws: ProbeError.self) {
            _ = try await prober.probe(ProbeRequest(url: "http://127.0.0.1:\(server.port)/"))
        }
        #expect(error?.kind == .connectionReset)
    }

    @Test func nonHTTPReplyIsProtocol() async throws {
        let prober = Prober()
        defer { prober.shutdown() }
        let server = try RawServer(.reply(Array("HTTP/1.1 abc nonsense\r\n\r\n".utf8)))
        defer { server.stop() }
        let error = await #expect(throws: ProbeError.self) {
            _ = try await prober.probe(ProbeRequest(url: "http://127.0.0.1:\(server.port)/"))
        }
        #expect(error?.kind == .protocol)
    }

    @Test func selfSignedCertificateFailsVerificationByDefault() async throws {
        let prober = Prober()
        defer { prober.shutdown() }
        let server = try TLSServer()
        defer { server.stop() }
        let url = "https://localhost:\(server.port)/"
        let error = await #expect(throws: ProbeError.self) {
            _ = try await prober.probe(ProbeRequest(url: url))
        }
        #expect(error?.kind == .tls(.verification))
        #expect(error?.message.isEmpty == false)

        let result = try await prober.probe(ProbeRequest(url: url, tlsVerify: false))
        #expect(result.status == 200)
        #expect(result.timings.tlsMicros > 0)
    }
}
