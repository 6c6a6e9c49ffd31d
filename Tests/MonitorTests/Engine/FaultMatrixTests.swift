import ChaosServer
import FaultPeers
import Foundation
import Resilience
import TestSupport
import Testing

@testable import Monitor

/// The fault matrix through the engine: each fault from a real peer, the error kind the snapshot
/// shows, the breaker's reaction (opens when the kind is recorded; ignored kinds never trip it,
/// but do when `record` lists them) and whether the attempt is retried. docs/FAULTS.md has the
/// same table; the prober-level rows and the leak count are in `ProbeTests/FaultMatrixTests`.
/// Serialized, so that its seventeen engines and their peers do not all start at once.
@Suite(.serialized) struct FaultMatrixTests {
    static let threshold = 3

    /// One row of the matrix.
    enum Fault: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case refused, dns, connectTimeout, hang, resetMidHeaders, resetMidBody, slowDrip, hugeBody
        case selfSignedCertificate, expiredCertificate, http2, http1ToHTTP2OnlyServer
        case tooManyRequests, notFound, serverError, acceptAndClose, garbage

        var testDescription: String { rawValue }

        /// The snapshot's error kind; `nil`: the probe succeeds.
        var kind: ErrorKind? {
            switch self {
            case .refused: .connectRefused
            case .dns: .dns
            case .connectTimeout: .connectTimeout
            case .hang, .slowDrip: .timeout
            case .resetMidHeaders, .resetMidBody, .acceptAndClose, .http1ToHTTP2OnlyServer: .reset
            case .hugeBody: .bodyTooLarge
            case .selfSignedCertificate, .expiredCertificate: .tls
            case .http2: nil
            case .tooManyRequests, .notFound, .serverError: .status
            case .garbage: .protocol
            }
        }

        /// Whether the default `breaker.record` counts it (so the breaker opens).
        var recordedByDefault: Bool {
            switch self {
            case .hugeBody, .tooManyRequests, .notFound, .http2: false
            default: true
            }
        }

        /// Whether a failed attempt is retried.
        var retried: Bool {
            switch self {
            case .hugeBody, .selfSignedCertificate, .expiredCertificate, .notFound, .http2: false
            default: true
            }
        }

        /// The ChaosServer path, for faults the server plays.
        var path: String? {
            switch self {
            case .hang: "/hang"
            case .resetMidHeaders: "/reset-headers"
            case .resetMidBody: "/reset?bytes=4096&sent=1000&after_ms=0"
            case .slowDrip: "/drip?bytes=100&interval_ms=50"
            case .hugeBody: "/huge"
            case .tooManyRequests: "/ratelimited?retry_after=1"
            case .notFound: "/status/404"
            case .serverError: "/status/503"
            case .acceptAndClose: "/close"
            case .garbage: "/garbage"
            default: nil
            }
        }

        /// Endpoint keys beyond the URL.
        var extraKeys: String {
            switch self {
            case .hang: "timeout: 300ms"
            case .slowDrip: "timeout: 1s"
            case .connectTimeout: "connect_timeout: 100ms"
            case .http2: "http: { tls_verify: false }"
            case .http1ToHTTP2OnlyServer: "http: { tls_verify: false, http2: false }"
            default: "timeout: 5s"
            }
        }
    }

    /// The peers a row needs besides the ChaosServer, stopped after the test.
    final class Peers {
        var hole: ChaosBlackhole?
        var tls: TLSPeer?
        var h2: HTTP2Peer?
        var certificates: TestCertificates?

        /// The URL of a peer started for `fault`, or `nil` when the ChaosServer plays it.
        func url(for fault: Fault) async throws -> String? {
            switch fault {
            case .refused: return "http://127.0.0.1:\(try Loopback.closedPort())/"
            case .dns: return "http://ethotop-fault-matrix.invalid/"
            case .connectTimeout:
                let hole = try ChaosBlackhole.start()
                self.hole = hole
                return hole.baseURL + "/"
            case .selfSignedCertificate, .expiredCertificate:
                let certificates = try await TestCertificates()
                self.certificates = certificates
                let pair = fault == .expiredCertificate ? certificates.expired : certificates.selfSigned
                let peer = try await TLSPeer(pair, directory: certificates.directory)
                tls = peer
                return peer.url
            case .http2, .http1ToHTTP2OnlyServer:
                let certificates = try await TestCertificates()
                self.certificates = certificates
                let peer = try await HTTP2Peer(certificates.valid, directory: certificates.directory)
                h2 = peer
                return peer.url
            default: return nil
            }
        }

        func stop() {
            hole?.stop()
            tls?.stop()
            h2?.stop()
            certificates?.remove()
        }
    }

    static func yaml(url: String, fault: Fault, record: String?) -> String {
        """
        refresh: 50ms
        defaults:
          interval: 100ms
          retry: { max_tries: 2, base: 10ms, max_delay: 2s, budget: off }
          breaker:
            failure_threshold: \(threshold)
            recovery_timeout: 1h
        \(record.map { "    record: \($0)" } ?? "")
        endpoints:
          - name: fault
            url: "\(url)"
            \(fault.extraKeys)
        """
    }

    /// Runs an engine watching one endpoint that suffers `fault`.
    func withFault(
        _ fault: Fault, record: String? = nil, _ body: (EngineHarness) async throws -> Void
    ) async throws {
        let peers = Peers()
        defer { peers.stop() }
        let peerURL = try await peers.url(for: fault)
        try await EngineHarness.run { server in
            Self.yaml(url: peerURL ?? server.url(for: fault.path ?? "/ok"), fault: fault, record: record)
        } _: { harness in
            try await body(harness)
        }
    }

    @Test(arguments: Fault.allCases)
    func faultIsClassifiedRecordedAndRetriedAsDocumented(_ fault: Fault) async throws {
        try await withFault(fault) { harness in
            guard let kind = fault.kind else {
                // The healthy row (HTTP/2): successes, nothing retried, the breaker closed.
                #expect(await eventually { (harness.endpoint("fault")?.requests.succeeded ?? 0) >= 3 })
                let endpoint = try #require(harness.endpoint("fault"))
                #expect(endpoint.recentErrors.isEmpty, "\(endpoint.recentErrors)")
                #expect(endpoint.breaker.state == .closed)
                #expect(endpoint.retries.total == 0)
                return
            }
            if fault.recordedByDefault {
                #expect(
                    await eventually { harness.state("fault")?.countsAsOpen == true },
                    "a recorded \(kind) opens the breaker")
                // The transition's event is logged just after the state changes: wait for it too.
                #expect(await eventually { !harness.transitions(of: "fault").isEmpty })
                let opening = try #require(harness.transitions(of: "fault").first)
                #expect(opening.from == .closed && opening.to == .open)
                #expect(opening.reason == "\(Self.threshold) consecutive failures ≥ \(Self.threshold)")
            } else {
                // Twice the threshold of failures in a row: recorded, they would have opened it.
                #expect(
                    await eventually {
                        (harness.endpoint("fault")?.requests.failed ?? 0) >= 2 * Self.threshold
                    })
                let breaker = try #require(harness.endpoint("fault")?.breaker)
                #expect(breaker.state == .closed, "an ignored \(kind) never trips the breaker")
                #expect(breaker.trips == 0)
                #expect(breaker.consecutiveFailures == 0)
            }
            let endpoint = try #require(harness.endpoint("fault"))
            // Once open, the breaker's own rejections follow the fault's errors.
            let faultErrors = endpoint.recentErrors.filter { $0.kind != .circuitOpen }
            #expect(!faultErrors.isEmpty)
            #expect(fault.recordedByDefault || faultErrors.count == endpoint.recentErrors.count)
            for error in faultErrors {
                #expect(error.kind == kind, "\(error.message)")
                #expect(!error.message.isEmpty)
                #expect(!error.message.unicodeScalars.contains { TextSanitizer.isUnsafe($0) })
            }
            if fault.retried {
                #expect(endpoint.retries.total >= 1, "a \(kind) failure is retried")
            } else {
                #expect(endpoint.retries.total == 0, "a \(kind) failure is not retried")
            }
            if fault == .tooManyRequests {
                // The retry waited for the server's Retry-After (1 s, under max_delay 2 s).
                let errors = faultErrors
                #expect(errors.count >= 2)
                if errors.count >= 2 {
                    #expect(errors[1].at.timeIntervalSince(errors[0].at) >= 0.95)
                }
            }
        }
    }

    /// The kinds the default `record` ignores still open the breaker when `record` lists them.
    @Test(arguments: Fault.allCases.filter { !$0.recordedByDefault && $0.kind != nil })
    func ignoredKindOpensTheBreakerWhenRecorded(_ fault: Fault) async throws {
        try await withFault(fault, record: "all") { harness in
            #expect(await eventually { harness.state("fault")?.countsAsOpen == true })
            #expect(harness.endpoint("fault")?.recentErrors.last?.kind == fault.kind)
        }
    }

    /// A 5xx storm: forty endpoints answering 500, 502, 503 and 504 with three tries each. Every
    /// breaker opens after its first probe (three recorded failures), and from then on the
    /// servers see nothing: the open breakers reject the scheduled probes inside the engine.
    @Test func serverErrorStormOpensEveryBreakerAndThenSendsNothing() async throws {
        let codes = [500, 502, 503, 504]
        let count = 40
        try await EngineHarness.run { server in
            var yaml = """
                refresh: 50ms
                defaults:
                  interval: 100ms
                  retry: { max_tries: 3, base: 10ms, max_delay: 20ms }
                  breaker: { failure_threshold: \(Self.threshold), recovery_timeout: 1h }
                endpoints:

                """
            for index in 0..<count {
                let path = "/status/\(codes[index % codes.count])?id=\(index)"
                yaml += "  - { name: storm\(index), url: \"\(server.url(for: path))\" }\n"
            }
            return yaml
        } _: { harness in
            func requests() -> Int {
                codes.reduce(0) { $0 + harness.server.requestCount(path: "/status/\($1)") }
            }
            #expect(
                await eventually {
                    harness.snapshot().endpoints.allSatisfy { $0.breaker.state == .open }
                })
            let sent = requests()
            #expect(sent <= count * Self.threshold, "\(sent) requests: at most one probe of three tries each")
            // Scheduled probes keep coming due; each is rejected without a request.
            #expect(
                await eventually {
                    harness.snapshot().endpoints.allSatisfy { $0.requests.rejected >= 3 }
                })
            #expect(requests() == sent, "nothing reaches the servers while the breakers are open")
            for endpoint in harness.snapshot().endpoints {
                #expect(endpoint.breaker.trips == 1)
                #expect(endpoint.recentErrors.contains { $0.kind == .status })
                #expect(endpoint.recentErrors.last?.kind == .circuitOpen)
            }
        }
    }
}
