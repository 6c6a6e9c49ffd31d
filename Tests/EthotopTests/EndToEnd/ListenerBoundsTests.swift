import ChaosServer
import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `ethotop serve` against hostile clients, as a real process: one that pipelines requests
/// without reading (its memory must stay bounded), and hundreds of idle connections under a low
/// descriptor limit (the prober must keep its descriptors: no failed probe, no tripped breaker).
@Suite(.serialized) struct ListenerBoundsTests {
    /// Growth of `serve`'s resident memory allowed while a client pipelines without reading:
    /// before backpressure it grew by ~18 MB/s for as long as the client kept sending.
    static let allowedGrowthKiB = 40 * 1_024

    @Test func aPipeliningClientThatNeverReadsCannotGrowServe() async throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        try await withChaosServer(seed: 5) { server in
            let endpoints = (0..<200).map {
                "  - { name: ep\($0), url: \"\(server.url(for: "/ok?c=\($0)"))\" }"
            }
            let path = try sandbox.write(
                "serve.yaml",
                "refresh: 250ms\ndefaults: { interval: 2s }\nendpoints:\n" + endpoints.joined(separator: "\n")
            )
            let serve = try BuiltBinary(
                ["serve", "--config", path, "--metrics-listen", "127.0.0.1:0"],
                environment: sandbox.environment())
            let port = try #require(await Self.port(of: serve))
            #expect(
                await eventually {
                    let snapshot = (try? HTTPGet.fetch(port: port, path: "/snapshot.json")).flatMap(
                        jsonObject)
                    return (snapshot?["endpoints"] as? [Any])?.count == 200
                })
            let baseline = try #require(Self.residentKiB(serve.pid))

            let client = try PipelineClient(port: port)
            var peak = baseline
            let deadline = ContinuousClock.now + .seconds(10)
            while ContinuousClock.now < deadline {
                client.sendWhatFits()
                guard let rss = Self.residentKiB(serve.pid) else { break }
                peak = max(peak, rss)
                if peak - baseline > 4 * Self.allowedGrowthKiB { break }  // already failed: stop early
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(
                peak - baseline < Self.allowedGrowthKiB,
                "serve grew from \(baseline) KiB to \(peak) KiB while one client pipelined without reading")
            #expect(client.requestsSent > 100, "the client did pipeline (\(client.requestsSent) requests)")
            client.close()

            // Still serving, and not growing once the client has gone.
            #expect(try HTTPGet.fetch(port: port, path: "/healthz").hasPrefix("ok"))
            let after = try #require(Self.residentKiB(serve.pid))
            #expect(after - baseline < Self.allowedGrowthKiB, "\(baseline) KiB before, \(after) KiB after")
            #expect(await serve.terminate() == 0, "\(serve.standardError)")
        }
    }

    @Test func idleConnectionsUnderALowDescriptorLimitNeitherStarveProbesNorTripBreakers() async throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        try await withChaosServer(seed: 6) { server in
            let endpoints = (0..<5).map {
                "  - { name: ep\($0), url: \"\(server.url(for: "/ok?c=\($0)"))\" }"
            }
            let path = try sandbox.write(
                "serve.yaml",
                """
                refresh: 100ms
                defaults:
                  interval: 200ms
                  retry: { max_tries: 1 }
                  breaker: { failure_threshold: 1, recovery_timeout: 1h }
                  http: { max_connections: 20 }
                endpoints:

                """ + endpoints.joined(separator: "\n"))
            let cap = 32
            let serve = try BuiltBinary(
                [
                    "serve", "--config", path, "--metrics-listen", "127.0.0.1:0", "--max-connections",
                    "\(cap)",
                    "--idle-timeout", "5m",
                ],
                environment: sandbox.environment(), launcher: ["/usr/bin/prlimit", "--nofile=256:256", "--"])
            let port = try #require(await Self.port(of: serve))
            var before: [String: Any] = [:]
            #expect(
                await eventually {
                    before =
                        (try? HTTPGet.fetch(port: port, path: "/snapshot.json")).flatMap(jsonObject) ?? [:]
                    return (0..<5).allSatisfy { (requestTotal("ep\($0)", in: before) ?? 0) > 0 }
                })

            // 400 idle connections: more than the descriptor limit leaves after the prober's share.
            // What serve holds is read from its descriptor table: the client's view also counts
            // connections the kernel completed but serve has not accepted yet.
            let baseline = Self.descriptorCount(serve.pid)
            // In batches smaller than the accept backlog: a burst beyond it leaves client sockets
            // whose handshake the kernel never finished, which are neither held nor refused.
            var idle: [IdleConnection] = []
            for _ in 0..<16 {
                idle += (0..<25).compactMap { _ in IdleConnection(port: port) }
                let opened = idle.count
                _ = await eventually(timeout: .seconds(2)) {
                    idle.filter { $0.isClosedByPeer() }.count >= opened - cap
                }
            }
            #expect(idle.count == 400)
            let refused = idle.filter { $0.isClosedByPeer() }.count
            #expect(refused >= 400 - cap, "serve closed \(refused) of 400 connections; its cap is \(cap)")
            // Probes run on (every 200 ms per endpoint) while the connections are held.
            var peak = 0
            let heldUntil = ContinuousClock.now + .seconds(3)
            while ContinuousClock.now < heldUntil {
                peak = max(peak, Self.descriptorCount(serve.pid))
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(peak <= baseline + cap + 8, "serve held \(peak) descriptors, \(baseline) before")
            #expect(peak >= baseline + cap / 2, "serve did hold connections (\(peak), \(baseline) before)")
            for connection in idle { connection.close() }

            var after: [String: Any] = [:]
            #expect(
                await eventually {
                    after =
                        (try? HTTPGet.fetch(port: port, path: "/snapshot.json")).flatMap(jsonObject) ?? [:]
                    return !after.isEmpty
                })
            for index in 0..<5 {
                let name = "ep\(index)"
                let breaker = endpoint(name, in: after)?["breaker"] as? [String: Any]
                let requests = endpoint(name, in: after)?["requests"] as? [String: Any]
                #expect(breaker?["trips"] as? Int == 0, "\(name): \(endpoint(name, in: after) ?? [:])")
                #expect(requests?["failed"] as? Int == 0, "\(name): \(endpoint(name, in: after) ?? [:])")
                #expect(
                    (requestTotal(name, in: after) ?? 0) >= (requestTotal(name, in: before) ?? 0) + 5,
                    "\(name) kept probing while the connections were held")
            }
            #expect(await serve.terminate() == 0, "\(serve.standardError)")
        }
    }

    /// More transfers than descriptors: the probes that find none end as `descriptors_exhausted`,
    /// a local rejection (`rejected`, not `failed`) the breaker does not record (before, they were
    /// `connect_refused` failures and opened the breakers of services that were fine).
    @Test func descriptorExhaustionIsNamedAndTripsNoBreaker() async throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        try await withChaosServer(seed: 7) { server in
            let count = 120
            let endpoints = (0..<count).map {
                "  - { name: ep\($0), url: \"\(server.url(for: "/delay?ms=1500&c=\($0)"))\" }"
            }
            let path = try sandbox.write(
                "serve.yaml",
                """
                refresh: 100ms
                defaults:
                  interval: 300ms
                  timeout: 5s
                  retry: { max_tries: 1 }
                  breaker: { failure_threshold: 1, recovery_timeout: 1h }
                  http: { max_connections: 200, max_connections_per_host: 200, max_keepalive_connections: 0 }
                endpoints:

                """ + endpoints.joined(separator: "\n"))
            let serve = try BuiltBinary(
                ["serve", "--config", path, "--metrics-listen", "127.0.0.1:0"],
                environment: sandbox.environment(), launcher: ["/usr/bin/prlimit", "--nofile=96:96", "--"])
            let port = try #require(await Self.port(of: serve))
            #expect(
                serve.standardError.contains("warning: the descriptor limit (96)"), "\(serve.standardError)")

            // A rejection keeps `last` at the last real result; the kind shows in the dashboard's
            // "Last errors". Here: rejected, never failed, and no breaker opened.
            var snapshot: [String: Any] = [:]
            func sum(_ key: String) -> Int {
                (snapshot["endpoints"] as? [[String: Any]] ?? []).reduce(0) {
                    $0 + (($1["requests"] as? [String: Any])?[key] as? Int ?? 0)
                }
            }
            #expect(
                await eventually(timeout: .seconds(60)) {
                    snapshot =
                        (try? HTTPGet.fetch(port: port, path: "/snapshot.json")).flatMap(jsonObject) ?? [:]
                    return sum("rejected") > 0 && sum("succeeded") > 0
                }, "probes both rejected for want of descriptors and succeeding")
            let listed = snapshot["endpoints"] as? [[String: Any]] ?? []
            #expect(listed.count == count)
            #expect(sum("failed") == 0)
            for item in listed {
                let breaker = item["breaker"] as? [String: Any]
                #expect(breaker?["trips"] as? Int == 0, "\(item)")
            }
            #expect(await serve.terminate() == 0, "\(serve.standardError)")
        }
    }

    /// The port `serve` reports on standard error, once it does.
    static func port(of serve: BuiltBinary) async -> Int? {
        _ = await eventually { ServeMetricsTests.port(serve) != nil }
        return ServeMetricsTests.port(serve)
    }

    /// How many descriptors `pid` has open.
    static func descriptorCount(_ pid: Int32) -> Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")) ?? []).count
    }

    /// `VmRSS` of `pid` in KiB.
    static func residentKiB(_ pid: Int32) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
        else { return nil }
        return line.split(separator: " ").dropFirst().first.flatMap { Int($0) }
    }
}

/// A non-blocking client that sends `GET /snapshot.json` requests back to back and never reads.
final class PipelineClient {
    private let descriptor: Int32
    private(set) var requestsSent = 0
    private static let batch = Array(
        String(repeating: "GET /snapshot.json HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", count: 64).utf8)
    private static let requestBytes = batch.count / 64

    init(port: Int) throws {
        descriptor = try LoopbackSocket.connect(port: port, blocking: true)
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
    }

    deinit { close() }

    /// Sends batches until the socket's buffer is full (the server stopped reading).
    func sendWhatFits() {
        while true {
            let sent = Self.batch.withUnsafeBytes {
                send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard sent > 0 else { return }
            requestsSent += sent / Self.requestBytes
        }
    }

    private var closed = false

    func close() {
        guard !closed else { return }
        closed = true
        Glibc.close(descriptor)
    }
}

/// A connection that only connects (non-blocking, so a full backlog cannot stall the test).
final class IdleConnection {
    private let descriptor: Int32
    private var closed = false

    init?(port: Int) {
        guard let descriptor = try? LoopbackSocket.connect(port: port, blocking: false) else { return nil }
        self.descriptor = descriptor
    }

    deinit { close() }

    /// Whether the server closed or reset it (a read would give EOF or an error).
    func isClosedByPeer() -> Bool {
        var byte: UInt8 = 0
        let count = recv(descriptor, &byte, 1, Int32(MSG_DONTWAIT) | Int32(MSG_PEEK))
        if count == 0 { return true }
        return count < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != ENOTCONN
    }

    func close() {
        guard !closed else { return }
        closed = true
        Glibc.close(descriptor)
    }
}

/// Opens TCP connections to 127.0.0.1.
enum LoopbackSocket {
    struct Failure: Error {}

    static func connect(port: Int, blocking: Bool) throws -> Int32 {
        let type = Int32(SOCK_STREAM.rawValue) | (blocking ? 0 : Int32(SOCK_NONBLOCK.rawValue))
        let descriptor = socket(AF_INET, type | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw Failure() }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 || errno == EINPROGRESS else {
            Glibc.close(descriptor)
            throw Failure()
        }
        return descriptor
    }
}
