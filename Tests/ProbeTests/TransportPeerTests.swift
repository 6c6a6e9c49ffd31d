import FaultPeers
import Foundation
import Testing

@testable import Probe

/// The transport options against real peers on loopback: `openssl s_server -Verify` for mutual
/// TLS, tinyproxy for proxies, and address pins for a made-up name.
@Suite struct TransportPeerTests {
    /// Header names (lower case) of an `/echo` response body.
    private func echoedHeaders(_ result: ProbeResult) throws -> [String: String] {
        let echo = try #require(
            try JSONSerialization.jsonObject(with: Data(result.bodyPrefix)) as? [String: Any])
        let pairs = echo["headers"] as? [[String]] ?? []
        return Dictionary(
            pairs.compactMap { $0.count == 2 ? ($0[0].lowercased(), $0[1]) : nil },
            uniquingKeysWith: { _, b in b })
    }

    /// A server that demands a client certificate from the test CA: the trusted one passes (also
    /// with its key encrypted and the right passphrase); none, one from another CA, or a wrong
    /// passphrase fail as TLS failures, never as a hang or a success.
    @Test func mutualTLS() async throws {
        let certificates = try await TestCertificates()
        let clients = try await ClientCertificates(certificates)
        let prober = Prober()
        let server = try await TLSPeer(
            certificates.valid, directory: certificates.directory,
            requireClientCertificateFrom: certificates.caFile)
        defer {
            server.stop()
            prober.shutdown()
            certificates.remove()
        }
        func request(_ transport: ProbeTransport) -> ProbeRequest {
            ProbeRequest(url: server.url, caFile: certificates.caFile, transport: transport)
        }
        let trusted = try await prober.probe(
            request(
                ProbeTransport(clientCertificate: clients.trusted.certificate, clientKey: clients.trusted.key)
            ))
        #expect(trusted.status == 200)

        let encrypted = try await prober.probe(
            request(
                ProbeTransport(
                    clientCertificate: clients.trusted.certificate, clientKey: clients.encryptedKey,
                    keyPassword: clients.passphrase)))
        #expect(encrypted.status == 200)

        let wrongPassword = await probeError(
            prober,
            request(
                ProbeTransport(
                    clientCertificate: clients.trusted.certificate, clientKey: clients.encryptedKey,
                    keyPassword: "wrong")))
        #expect(wrongPassword?.kind == .tls(.configuration), "\(String(describing: wrongPassword))")

        // Without a certificate, or with one the server's CA did not sign, the server refuses.
        // Under TLS 1.3 the refusal is an alert read after the client's handshake finished, so
        // libcurl may report it as a handshake failure or as a receive error.
        for transport in [
            ProbeTransport(),
            ProbeTransport(clientCertificate: clients.foreign.certificate, clientKey: clients.foreign.key),
        ] {
            let refused = await probeError(prober, request(transport))
            let kind = try #require(refused?.kind)
            #expect(kind == .tls(.handshake) || kind == .connectionReset, "\(String(describing: refused))")
        }
        #expect(await eventually(timeout: .seconds(30)) { prober.stats.isIdleWithoutLeaks })
    }

    /// Through tinyproxy: the request arrives with tinyproxy's `Via`; with credentials required,
    /// the right ones pass and none get the proxy's 407; `proxy: none` goes direct.
    @Test func forwardProxyWithAndWithoutCredentials() async throws {
        let directory = try Scratch.directory("ethotop-proxy")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let open = try await ProxyPeer(directory: directory)
        defer { open.stop() }
        let guarded = try await ProxyPeer(directory: directory, credentials: ("probe", "pr0xy-pass"))
        defer { guarded.stop() }
        try await withChaos { server, prober in
            let url = server.url(for: "/echo")
            let viaOpen = try await prober.probe(
                ProbeRequest(url: url, transport: ProbeTransport(proxy: .url(open.url))))
            #expect(viaOpen.status == 200)
            #expect(try echoedHeaders(viaOpen)["via"]?.contains("tinyproxy") == true)

            let withCredentials = try await prober.probe(
                ProbeRequest(
                    url: url,
                    transport: ProbeTransport(
                        proxy: .url("http://probe:pr0xy-pass@127.0.0.1:\(guarded.port)"))))
            #expect(withCredentials.status == 200)
            #expect(try echoedHeaders(withCredentials)["via"]?.contains("tinyproxy") == true)
            #expect(try echoedHeaders(withCredentials)["proxy-authorization"] == nil, "the proxy keeps them")

            let without = try await prober.probe(
                ProbeRequest(url: url, transport: ProbeTransport(proxy: .url(guarded.url))))
            #expect(without.status == 407)

            let direct = try await prober.probe(
                ProbeRequest(url: url, transport: ProbeTransport(proxy: .none)))
            #expect(try echoedHeaders(direct)["via"] == nil)

            // no_proxy naming the target host bypasses even an explicit proxy.
            let bypassed = try await prober.probe(
                ProbeRequest(
                    url: url, transport: ProbeTransport(proxy: .url(guarded.url), noProxy: "127.0.0.1")))
            #expect(bypassed.status == 200)
            #expect(try echoedHeaders(bypassed)["via"] == nil)
            #expect(server.requestCount(path: "/echo") == 4)
        }
    }

    /// A made-up name pinned to 127.0.0.1 reaches the server (and sends that name as `Host`);
    /// unpinned, it does not resolve. `ip_version: 6` cannot reach an IPv4-only pin.
    @Test func resolvePinsAMadeUpName() async throws {
        try await withChaos { server, prober in
            let port = server.port
            let name = "made-up.ethotop-test.invalid"
            let pinned = ProbeRequest(
                url: "http://\(name):\(port)/echo",
                transport: ProbeTransport(resolve: ["\(name):\(port):127.0.0.1"]))
            let result = try await prober.probe(pinned)
            #expect(result.status == 200)
            #expect(try echoedHeaders(result)["host"] == "\(name):\(port)")

            let other = "unpinned.ethotop-test.invalid"
            #expect(await probeError(prober, ProbeRequest(url: "http://\(other):\(port)/"))?.kind == .dns)

            var sixOnly = pinned
            sixOnly.url = "http://v6.ethotop-test.invalid:\(port)/"
            sixOnly.transport = ProbeTransport(
                resolve: ["v6.ethotop-test.invalid:\(port):127.0.0.1"], ipVersion: .v6)
            #expect(await probeError(prober, sixOnly) != nil)
        }
    }
}
