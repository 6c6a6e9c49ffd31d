import FaultPeers
import Foundation
import TestSupport
import Testing

@testable import Probe

/// `tcp://` and `tls://` probes: libcurl's connect-only mode against real listeners.
@Suite struct ConnectOnlyTests {
    @Test func schemesChooseTheKindAndTheURLLibcurlSees() {
        #expect(ProbeKind(url: "TCP://db:5432") == .tcp)
        #expect(ProbeKind(url: "tls://db:443") == .tls)
        #expect(ProbeKind(url: "https://db/") == .http)
        #expect(ProbeKind.tcp.curlURL("tcp://db:5432") == "http://db:5432")
        #expect(ProbeKind.tls.curlURL("tls://db:443") == "https://db:443")
        var request = ProbeRequest(url: "http://db:80/")
        request.url = "tcp://db:80"
        #expect(request.kind == .tcp)
        #expect(!request.differsAtMostInURL(from: ProbeRequest(url: "http://db:80/")))
    }

    /// An open port connects (with a connect time), a closed one is refused; connections are not
    /// kept, so many checks leave no descriptors behind. The server never sees an HTTP request.
    @Test func tcpAgainstOpenAndClosedPorts() async throws {
        try await withChaos { server, prober in
            let open = ProbeRequest(url: "tcp://127.0.0.1:\(server.port)")
            let result = try await prober.probe(open)
            #expect(result.status == 0)
            #expect(result.timings.connectMicros > 0 || result.timings.totalMicros > 0)
            #expect(!result.connectionReused)

            let closed = try Loopback.closedPort()
            let refused = await probeError(prober, ProbeRequest(url: "tcp://127.0.0.1:\(closed)"))
            #expect(refused?.kind == .connectRefused)

            let before = ProcessResources.openDescriptors
            for _ in 0..<200 { _ = try await prober.probe(open) }
            #expect(await eventually(timeout: .seconds(30)) { prober.stats.isIdleWithoutLeaks })
            // Other suites run in parallel: a leak would be one descriptor per check, 200 here.
            #expect(
                ProcessResources.openDescriptors <= before + 100, "connect-only connections must be closed")
            #expect(server.requestCount(path: "/") == 0)
        }
    }

    /// `tls://` verifies the certificate like https, and reads its facts.
    @Test func tlsHandshakesVerifiesAndReadsTheCertificate() async throws {
        let certificates = try await TestCertificates()
        let prober = Prober()
        let valid = try await TLSPeer(certificates.valid, directory: certificates.directory)
        let expired = try await TLSPeer(certificates.expired, directory: certificates.directory)
        defer {
            valid.stop()
            expired.stop()
            prober.shutdown()
            certificates.remove()
        }
        let transport = ProbeTransport(readsCertificate: true)
        let ok = try await prober.probe(
            ProbeRequest(
                url: "tls://127.0.0.1:\(valid.port)", caFile: certificates.caFile, transport: transport))
        #expect(ok.timings.tlsMicros > 0)
        let certificate = try #require(ok.certificate)
        #expect(certificate.subject.contains("localhost"))
        #expect(certificate.issuer.contains("ethotop test CA"))
        let now = Int64(Date().timeIntervalSince1970)
        #expect((now...(now + 3 * 86_400)).contains(certificate.notAfter))

        let bad = await probeError(
            prober,
            ProbeRequest(
                url: "tls://127.0.0.1:\(expired.port)", caFile: certificates.caFile, transport: transport))
        #expect(bad?.kind == .tls(.verification))
        #expect(await eventually(timeout: .seconds(30)) { prober.stats.isIdleWithoutLeaks })
    }
}
