import Foundation
import Logging
import Monitor
import Resilience
import Synchronization

@testable import ethotop

/// Collects what a runner writes; can be told to refuse writes (a closed pipe).
final class CollectingSink: OutputSink {
    private let state = Mutex((bytes: Data(), writes: 0, acceptWrites: Int.max))

    init(acceptWrites: Int = .max) { state.withLock { $0.acceptWrites = acceptWrites } }

    func write(_ text: String) -> Bool {
        write(bytes: Data(text.utf8))
    }

    func write(bytes: Data) -> Bool {
        state.withLock { state in
            guard state.writes < state.acceptWrites else { return false }
            state.writes += 1
            state.bytes += bytes
            return true
        }
    }

    var text: String { String(decoding: state.withLock { $0.bytes }, as: UTF8.self) }
    var lines: [String] { text.split(separator: "\n").map(String.init) }
}

/// An engine that serves a fixed snapshot and a fixed event list, and records being stopped.
final class FakeEngine: RunningEngine {
    let refresh: Duration
    private let state: Mutex<(snapshot: Snapshot, events: EventLog, stopped: Bool)>

    init(_ snapshot: Snapshot, refresh: Duration = .milliseconds(10)) {
        self.refresh = refresh
        state = Mutex((snapshot, EventLog(capacity: 100), false))
    }

    var log: EventLog { state.withLock { $0.events } }
    var stopped: Bool { state.withLock { $0.stopped } }

    func latest() -> Snapshot { state.withLock { $0.snapshot } }
    func events(after sequence: UInt64) -> [Event] { log.events(after: sequence) }
    func send(_ command: ControlCommand) {}
    func stop() async { state.withLock { $0.stopped = true } }
}

/// A factory handing out one engine, or failing as told.
struct FakeFactory: EngineFactory {
    var engine: FakeEngine?
    var failure: (any Error & Sendable)?
    var summary: [String] = ["config OK"]

    func check(configPath: String?) throws -> [String] {
        if let failure { throw failure }
        return summary
    }

    func start(_ request: EngineRequest) async throws -> any RunningEngine {
        if let failure { throw failure }
        guard let engine else { throw NotYetWired(component: "test engine") }
        return engine
    }
}

enum Fixture {
    static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    static func request(_ mode: EngineRequest.Mode = .config) -> EngineRequest {
        EngineRequest(configPath: "/nonexistent.yaml", mode: mode, logger: logger)
    }

    static func snapshot(states: [BreakerState]) -> Snapshot {
        Snapshot(
            source: "test", generatedAt: Date(), uptime: .seconds(1),
            scheduler: SchedulerSnapshot(probesTotal: 3),
            endpoints: states.enumerated().map { index, state in
                EndpointSnapshot(
                    name: "e\(index)", displayURL: "http://127.0.0.1:1/\(index)",
                    breaker: BreakerView(state: state))
            },
            rateLimits: [])
    }
}

#if canImport(Glibc)
    import Glibc
#endif

/// One `GET` with `Connection: close` to 127.0.0.1, read to EOF; returns the body.
enum HTTPGet {
    struct Failure: Error {}

    static func fetch(port: Int, path: String) throws -> String {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failure() }
        defer { close(descriptor) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw Failure() }
        let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8)
        _ = request.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, 0) }
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            received += chunk[0..<count]
        }
        let text = String(decoding: received, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { throw Failure() }
        return String(text[split.upperBound...])
    }
}
