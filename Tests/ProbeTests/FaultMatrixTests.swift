import ChaosServer
import FaultPeers
import Foundation
import TestSupport
import Testing

@testable import Probe

/// The fault matrix at the prober: every fault from a real cause on a real socket, how it is
/// classified, and that thousands of failures leak neither handles, descriptors nor memory.
/// The engine's reaction to the same faults is in `MonitorTests/Engine/FaultMatrixTests`.
/// Serialized: the rows are cheap one by one, and a burst of them would only crowd the suites
/// that run beside them on two cores.
@Suite(.serialized) struct FaultMatrixTests {
    /// One row: a fault and what the prober must make of it.
    enum Fault: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case refused, dns, connectTimeout, hang, resetMidHeaders, resetMidBody, slowDrip, hugeBody
        case acceptAndClose, garbage, tooManyRequests, serverError

        var testDescription: String { rawValue }

        /// What the probe must come to.
        enum Expected: Equatable {
            case error(ProbeError.Kind)
            case status(Int, retryAfter: Duration?)
        }

        var expected: Expected {
            switch self {
            case .refused: .error(.connectRefused)
            case .dns: .error(.dns)
            case .connectTimeout: .error(.connectTimeout)
            case .hang: .error(.timeout(.serverWait))
            case .resetMidHeaders, .resetMidBody, .acceptAndClose: .error(.connectionReset)
            case .slowDrip: .error(.timeout(.transfer))
            case .hugeBody: .error(.bodyTooLarge)
            case .garbage: .error(.protocol)
            case .tooManyRequests: .status(429, retryAfter: .seconds(2))
            case .serverError: .status(503, retryAfter: nil)
            }
        }

        /// The total timeout: short where the fault is a wait, roomy where the answer is quick
        /// (the machine is shared with parallel builds and tests).
        var timeout: Duration {
            switch self {
            case .hang: .milliseconds(300)
            case .slowDrip: .seconds(1)
            default: .seconds(5)
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
            case .acceptAndClose: "/close"
            case .garbage: "/garbage"
            case .tooManyRequests: "/ratelimited?retry_after=2"
            case .serverError: "/status/503"
            case .refused, .dns, .connectTimeout: nil
            }
        }
    }

    @Test(arguments: Fault.allCases)
    func faultIsClassified(_ fault: Fault) async throws {
        try await withChaos { server, prober in
            let hole = try ChaosBlackhole.start()
            defer { hole.stop() }
            let url: String
            switch fault {
            case .refused: url = "http://127.0.0.1:\(try Loopback.closedPort())/"
            case .dns: url = "http://ethotop-fault-matrix.invalid/"
            case .connectTimeout: url = hole.baseURL + "/"
            default: url = server.url(for: fault.path ?? "/")
            }
            let request = ProbeRequest(
                url: url, connectTimeout: fault == .connectTimeout ? .milliseconds(200) : .seconds(5),
                timeout: fault.timeout)
            let started = ContinuousClock.now
            let outcome: Fault.Expected
            do throws(ProbeError) {
                let result = try await prober.probe(request)
                outcome = .status(result.status, retryAfter: result.retryAfter)
            } catch {
                outcome = .error(error.kind)
                #expect(!error.message.isEmpty, "libcurl's reason is kept for the detail pane")
            }
            #expect(outcome == fault.expected)
            // Every fault ends within its limits: nothing waits for a peer that never answers.
            // (Roomy: the test shares two cores with every other suite.)
            #expect(ContinuousClock.now - started < fault.timeout + .seconds(5))
            #expect(await eventually(timeout: .seconds(30)) { prober.stats.isIdleWithoutLeaks })
        }
    }

    /// A 64 MiB body: cut at `maxBodyBytes` when it is over the limit (with and without a
    /// Content-Length), and read to the end in bounded memory when it is allowed — the prober
    /// keeps a 4 KiB prefix, never the body.
    @Test func sixtyFourMebibyteBodyIsCutOrStreamedInBoundedMemory() async throws {
        try await withChaos { server, prober in
            let size = 64 << 20
            for path in ["/huge", "/huge?chunked=1"] {
                let started = ContinuousClock.now
                let error = await probeError(prober, ProbeRequest(url: server.url(for: path)))
                #expect(error?.kind == .bodyTooLarge, "\(path)")
                #expect(ContinuousClock.now - started < .seconds(5), "the limit stops the transfer early")
            }

            let before = ProcessResources.residentBytes
            let peakWasReset = ProcessResources.resetPeak()
            let result = try await prober.probe(
                ProbeRequest(
                    url: server.url(for: "/huge?chunked=1"), timeout: .seconds(60), maxBodyBytes: size))
            let peak = peakWasReset ? ProcessResources.peakResidentBytes : ProcessResources.residentBytes
            #expect(result.status == 200)
            #expect(result.bytes == size)
            #expect(result.bodyPrefix.count == ProbeResult.bodyPrefixLimit)
            // Buffering the body would add 64 MiB (more with copies); streaming adds next to nothing.
            // The bound leaves room for every other suite running in this process meanwhile.
            let growth = peak - before
            #expect(
                growth < 40 << 20,
                "resident memory grew by \(ProcessResources.mebibytes(growth)) while reading 64 MiB")
            #expect(await eventually(timeout: .seconds(30)) { prober.stats.isIdleWithoutLeaks })
        }
    }

    /// 10,000 failing probes — refused, reset mid-headers and mid-body, accept-and-close, garbage,
    /// 503 and 429 — at 32 in flight: every one classified, and afterwards no live transfer, every
    /// easy handle back in the pool, no descriptor or memory growth beyond a generous bound.
    @Test func tenThousandFailuresLeakNoHandleDescriptorOrMemory() async throws {
        let configuration = ProberConfiguration(maxConnections: 32, maxKeepaliveConnections: 8)
        try await withChaos(configuration: configuration) { server, prober in
            let refused = "http://127.0.0.1:\(try Loopback.closedPort())/"
            let mix: [(url: String, expected: Fault.Expected)] = [
                (refused, .error(.connectRefused)),
                (server.url(for: "/reset-headers"), .error(.connectionReset)),
                (server.url(for: "/reset?bytes=256&sent=100&after_ms=0"), .error(.connectionReset)),
                (server.url(for: "/close"), .error(.connectionReset)),
                (server.url(for: "/garbage"), .error(.protocol)),
                (server.url(for: "/status/503"), .status(503, retryAfter: nil)),
                (server.url(for: "/ratelimited?retry_after=1"), .status(429, retryAfter: .seconds(1))),
            ]

            // Runs `count` probes over the mix, 32 at a time; answers the mismatches.
            @Sendable func run(_ count: Int) async -> [String] {
                await withTaskGroup(of: String?.self) { group in
                    var started = 0
                    var mismatches: [String] = []
                    func add(_ index: Int) {
                        let row = mix[index % mix.count]
                        group.addTask {
                            let outcome: Fault.Expected
                            do throws(ProbeError) {
                                let result = try await prober.probe(
                                    ProbeRequest(
                                        url: row.url, connectTimeout: .seconds(2), timeout: .seconds(5)))
                                outcome = .status(result.status, retryAfter: result.retryAfter)
                            } catch {
                                outcome = .error(error.kind)
                            }
                            return outcome == row.expected ? nil : "\(row.url): \(outcome)"
                        }
                    }
                    while started < min(32, count) {
                        add(started)
                        started += 1
                    }
                    for await mismatch in group {
                        if let mismatch { mismatches.append(mismatch) }
                        if started < count {
                            add(started)
                            started += 1
                        }
                    }
                    return mismatches
                }
            }

            // Warm up: the handle pool, connection cache, allocator arenas and the server settle.
            let warmUp = await run(700)
            #expect(warmUp.isEmpty, "\(warmUp.count) mismatches: \(warmUp.prefix(5))")
            #expect(await eventually(timeout: .seconds(30)) { prober.stats.isIdleWithoutLeaks })
            let completedBefore = prober.stats.completed
            let memoryBefore = ProcessResources.residentBytes
            let descriptorsBefore = ProcessResources.openDescriptors

            let count = 10_000
            let mismatches = await run(count)

            #expect(mismatches.isEmpty, "\(mismatches.count) mismatches: \(mismatches.prefix(5))")
            #expect(await eventually(timeout: .seconds(30)) { prober.stats.isIdleWithoutLeaks })
            let stats = prober.stats
            #expect(stats.completed - completedBefore == count)
            #expect(stats.inFlight == 0 && stats.queued == 0)
            #expect(stats.handlesLive <= prober.configuration.maxPooledHandles)
            #expect(stats.handlesLive <= 32, "no more handles than ever ran at once")
            // Only kept-alive connections (of 503 and 429 answers) may stay open: as many as the
            // connection cache holds (the transfers that ran at once plus the keep-alive limit),
            // whatever the number of probes; and none once the prober is shut down.
            #expect(stats.socketsWatched <= 32 + 8)
            #expect(
                await eventually(timeout: .seconds(30)) { server.openConnections <= 32 + 8 },
                "\(server.openConnections) open")
            let descriptorGrowth = ProcessResources.openDescriptors - descriptorsBefore
            #expect(descriptorGrowth < 64, "descriptors grew by \(descriptorGrowth) over \(count) probes")
            let memoryGrowth = ProcessResources.residentBytes - memoryBefore
            #expect(
                memoryGrowth < 64 << 20,
                "resident memory grew by \(ProcessResources.mebibytes(memoryGrowth)) over \(count) probes")
            prober.shutdown()
            #expect(
                await eventually(timeout: .seconds(30)) { server.openConnections == 0 },
                "\(server.openConnections) still open")
            print(
                "fault leak check: \(count) failing probes, handles live \(stats.handlesLive), "
                    + "descriptors \(descriptorGrowth >= 0 ? "+" : "")\(descriptorGrowth), "
                    + "RSS \(memoryGrowth >= 0 ? "+" : "")\(ProcessResources.mebibytes(memoryGrowth))")
        }
    }
}
