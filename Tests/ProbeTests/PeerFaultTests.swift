import FaultPeers
import Foundation
import Testing

@testable import Probe

/// Fault-matrix rows that need real peers other than the ChaosServer: TLS servers presenting
/// chosen certificates (`openssl s_server`) and an HTTP/2-only server (`nghttpd`).
@Suite struct PeerFaultTests {
    /// Runs `body` with fresh certificates and a prober; always cleans up.
    func withCertificates(_ body: (TestCertificates, Prober) async throws -> Void) async throws {
        let certificates = try await TestCertificates()
        let prober = Prober()
        defer {
            prober.shutdown()
            certificates.remove()
        }
        try await body(certificates, prober)
    }

    /// With the test CA trusted, a valid leaf passes, an expired one fails verification and says
    /// so, and a self-signed one fails too: the failure is the certificate's, not the set-up's.
    @Test func expiredAndSelfSignedCertificatesFailVerification() async throws {
        try await withCertificates { certificates, prober in
            let directory = certificates.directory
            let valid = try await TLSPeer(certificates.valid, directory: directory)
            defer { valid.stop() }
            let expired = try await TLSPeer(certificates.expired, directory: directory)
            defer { expired.stop() }
            let selfSigned = try await TLSPeer(certificates.selfSigned, directory: directory)
            defer { selfSigned.stop() }
            let ca = certificates.caFile

            let ok = try await prober.probe(ProbeRequest(url: valid.url, caFile: ca))
            #expect(ok.status == 200)
            #expect(ok.timings.tlsMicros > 0)

            let expiry = await probeError(prober, ProbeRequest(url: expired.url, caFile: ca))
            #expect(expiry?.kind == .tls(.verification))
            #expect(expiry?.curlCode == 60)
            #expect(expiry?.message.contains("expired") == true, "\(String(describing: expiry))")

            let unknown = await probeError(prober, ProbeRequest(url: selfSigned.url, caFile: ca))
            #expect(unknown?.kind == .tls(.verification))
            #expect(unknown?.message.contains("self") == true, "\(String(describing: unknown))")

            // Without the CA the valid leaf is unknown too: the system bundle is the default.
            #expect(await probeError(prober, ProbeRequest(url: valid.url))?.kind == .tls(.verification))
            // Verification off accepts even the expired one (the dashboard flags such endpoints).
            #expect(try await prober.probe(ProbeRequest(url: expired.url, tlsVerify: false)).status == 200)
            #expect(await eventually(timeout: .seconds(30)) { prober.stats.isIdleWithoutLeaks })
        }
    }

    /// An HTTP/2-only server: the prober negotiates h2 by ALPN over TLS and speaks it with prior
    /// knowledge in cleartext, and reports HTTP/2. A client held to HTTP/1.1 gets nothing it can
    /// use — an empty reply over TLS (`connectionReset`), a non-HTTP/1 answer in cleartext
    /// (`protocol`) — classified, not hung.
    @Test func http2OnlyServerIsSpokenAndReported() async throws {
        try await withCertificates { certificates, prober in
            let directory = certificates.directory
            let secure = try await HTTP2Peer(certificates.valid, directory: directory)
            defer { secure.stop() }
            let cleartext = try await HTTP2Peer(nil, directory: directory)
            defer { cleartext.stop() }

            let negotiated = try await prober.probe(
                ProbeRequest(url: secure.url, caFile: certificates.caFile))
            #expect(negotiated.status == 200)
            #expect(negotiated.httpVersion == .http2)
            #expect(negotiated.reasonPhrase.isEmpty, "HTTP/2 has no reason phrase")
            #expect(negotiated.bodyPrefix == Array(HTTP2Peer.body.utf8))

            let prior = try await prober.probe(ProbeRequest(url: cleartext.url, httpVersion: .http2))
            #expect(prior.status == 200)
            #expect(prior.httpVersion == .http2)

            let oldOverTLS = await probeError(
                prober, ProbeRequest(url: secure.url, httpVersion: .http1_1, caFile: certificates.caFile))
            #expect(oldOverTLS?.kind == .connectionReset)
            let oldInClear = await probeError(prober, ProbeRequest(url: cleartext.url, httpVersion: .http1_1))
            #expect(oldInClear?.kind == .protocol)
            #expect(await eventually(timeout: .seconds(30)) { prober.stats.isIdleWithoutLeaks })
        }
    }
}
