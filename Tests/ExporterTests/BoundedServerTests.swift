import Foundation
import Monitor
import Synchronization
import Testing

@testable import Exporter

#if canImport(Glibc)
    import Glibc
#endif

/// The bounds of ``BoundedServerConfiguration`` on a real ``MetricsServer`` on 127.0.0.1, driven
/// by raw sockets that behave as hostile clients do: too many connections, idle ones, pipelining
/// without reading, oversized bodies.
@Suite struct BoundedServerTests {
    private func withServer(
        _ configuration: BoundedServerConfiguration,
        source: any SnapshotSource = StaticSource(Fixture.snapshot()),
        _ body: (MetricsServer) async throws -> Void
    ) async throws {
        let server = try await MetricsServer.start(
            address: ListenAddress(host: "127.0.0.1", port: 0), source: source, configuration: configuration)
        do {
            try await body(server)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test func connectionsAboveTheCapAreClosedAndASlotFreesWhenOneCloses() async throws {
        try await withServer(BoundedServerConfiguration(maxConnections: 2)) { server in
            let port = server.boundAddress.port
            var first: HTTPTestConnection? = try HTTPTestConnection(port: port)
            let second = try HTTPTestConnection(port: port)
            #expect(try first?.request("GET", "/healthz").status == 200)
            #expect(try second.request("GET", "/healthz").status == 200)

            let third = try HTTPTestConnection(port: port)
            #expect(third.readsEOF(), "a third connection is closed at once")
            #expect(server.connections.refused == 1)
            #expect(server.connections.open == 2)
            let metrics = try second.request("GET", "/metrics").body
            #expect(metrics.contains("ethotop_listener_refused_connections_total 1\n"), "\(metrics)")
            #expect(metrics.contains("ethotop_listener_max_connections 2\n"))

            first = nil
            #expect(await eventually { server.connections.open == 1 })
            #expect(try HTTPTestConnection(port: port).request("GET", "/healthz").status == 200)
            _ = first
        }
    }

    @Test func anIdleConnectionIsClosedAfterTheIdleTimeout() async throws {
        try await withServer(BoundedServerConfiguration(idleTimeout: .milliseconds(300))) { server in
            let connection = try HTTPTestConnection(port: server.boundAddress.port)
            #expect(try connection.request("GET", "/healthz").status == 200)
            let start = ContinuousClock.now
            #expect(connection.readsEOF(), "the server closes the idle connection")
            #expect(ContinuousClock.now - start >= .milliseconds(250))
            #expect(await eventually { server.connections.open == 0 })
        }
    }

    @Test func aBodyOverTheBoundIsAnswered413AndTheConnectionClosed() async throws {
        try await withServer(BoundedServerConfiguration(maxRequestBodyBytes: 16)) { server in
            let client = try RawClient(port: server.boundAddress.port)
            let body = String(repeating: "x", count: 100)
            client.sendAll("POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n\(body)")
            let answer = client.readToEnd()
            #expect(answer.hasPrefix("HTTP/1.1 413"), "\(answer)")
        }
    }

    /// Without backpressure the server answered every pipelined request into memory as fast as
    /// it could encode (`serve` grew by 270 MB in 15 s). With it, answers stop once the kernel's
    /// buffers and the write-buffer high water mark are full: a bound computed from their sizes.
    @Test func aClientPipeliningWithoutReadingGetsOnlyWhatTheBuffersHold() async throws {
        let source = CountingSource(Fixture.snapshot(endpoints: 400))
        let configuration = BoundedServerConfiguration()
        try await withServer(configuration, source: source) { server in
            let document = try MetricsRouter(source: source).respond(method: "GET", uri: "/snapshot.json")
                .completeBody().count
            source.reads.store(0, ordering: .relaxed)
            let buffers = Self.kernelBufferMaximum() + configuration.writeBufferHighWaterMark
            let bound = buffers / document + 4

            let client = try RawClient(port: server.boundAddress.port)
            client.makeNonBlocking()
            let requests = String(repeating: "GET /snapshot.json HTTP/1.1\r\nHost: x\r\n\r\n", count: 50)
            let deadline = ContinuousClock.now + .seconds(3)
            while ContinuousClock.now < deadline && source.reads.load(ordering: .relaxed) <= 3 * bound {
                if !client.trySend(requests) { try await Task.sleep(for: .milliseconds(5)) }
            }
            let answered = source.reads.load(ordering: .relaxed)
            #expect(
                answered <= bound, "answered \(answered) of \(document) bytes each; buffers hold \(bound)")

            // The server is still there for everyone else.
            #expect(
                try HTTPTestConnection(port: server.boundAddress.port).request("GET", "/healthz").status
                    == 200)
        }
    }

    /// `tcp_rmem` + `tcp_wmem` maxima: what the client's receive and the server's send buffer can
    /// grow to on loopback.
    static func kernelBufferMaximum() -> Int {
        func maximum(_ name: String) -> Int {
            let text = (try? String(contentsOfFile: "/proc/sys/net/ipv4/\(name)", encoding: .utf8)) ?? ""
            return text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).last.flatMap {
                Int($0)
            }
                ?? 8 << 20
        }
        return maximum("tcp_rmem") + maximum("tcp_wmem")
    }
}

@Suite struct DescriptorBudgetTests {
    @Test func listenersShareWhatIsLeftAfterTheProbersReserve() {
        let budget = DescriptorBudget(limit: 1_024, proberConnections: 100)
        #expect(budget.reserved == 3 * 100 + DescriptorBudget.processReserve)
        #expect(budget.listenerCap() == 1_024 - budget.reserved)
        #expect(budget.listenerCap(listeners: 2) == (1_024 - budget.reserved) / 2)
        #expect(!budget.isShort())
    }

    @Test func aLimitTooLowForTheReserveLeavesOneConnectionAndSaysSo() {
        let budget = DescriptorBudget(limit: 256, proberConnections: 100)
        #expect(budget.listenerCap() == 1)
        #expect(budget.isShort())
    }

    @Test func raisingTheSoftLimitNeverLowersIt() {
        let before = DescriptorBudget.currentLimit()
        #expect(DescriptorBudget.raiseSoftLimit() >= before)
    }

    @Test func aConfigurationIsCappedNeverRaised() {
        let configuration = BoundedServerConfiguration(maxConnections: 64)
        #expect(configuration.capped(at: 10).maxConnections == 10)
        #expect(configuration.capped(at: 1_000).maxConnections == 64)
        #expect(configuration.capped(at: 0).maxConnections == 1)
    }
}

/// A ``StaticSource`` that counts how often its snapshot is read: once per answered request.
final class CountingSource: SnapshotSource {
    let reads = Atomic<Int>(0)
    private let snapshot: Snapshot

    init(_ snapshot: Snapshot) { self.snapshot = snapshot }

    func latest() -> Snapshot {
        reads.add(1, ordering: .relaxed)
        return snapshot
    }
    func events(after sequence: UInt64) -> [Event] { [] }
    func send(_ command: ControlCommand) {}
}

/// A raw TCP client to 127.0.0.1, for clients that misbehave.
final class RawClient {
    let descriptor: Int32

    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw HTTPTestConnection.Failure(description: "socket: \(errno)") }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            close(descriptor)
            throw HTTPTestConnection.Failure(description: "connect: errno \(errno)")
        }
    }

    deinit { close(descriptor) }

    func makeNonBlocking() {
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
    }

    /// Sends all of `text` (blocking socket).
    func sendAll(_ text: String) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes {
                send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard sent > 0 else { return }
            offset += sent
        }
    }

    /// Sends what the socket takes of `text` now; false when it took nothing (the buffer is full).
    func trySend(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } > 0
    }

    /// Everything until the server closes (or the receive timeout).
    func readToEnd() -> String {
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            received += chunk[0..<count]
        }
        return String(decoding: received, as: UTF8.self)
    }
}

extension Fixture {
    /// The fixture's snapshot with `endpoints` endpoints (copies of its one, renamed).
    static func snapshot(endpoints count: Int) -> Snapshot {
        var snapshot = snapshot()
        let template = snapshot.endpoints[0]
        snapshot.endpoints = (0..<count).map { index in
            var endpoint = template
            endpoint.name = "endpoint-\(index)"
            return endpoint
        }
        return snapshot
    }
}

/// Polls `condition` until it holds or `timeout` passes; returns whether it held.
private func eventually(timeout: Duration = .seconds(10), _ condition: () async -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return await condition()
}
