import Foundation
import Monitor
import Resilience
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A ``SnapshotSource`` holding one snapshot that tests can replace.
final class StaticSource: SnapshotSource {
    private let snapshot: Mutex<Snapshot>

    init(_ snapshot: Snapshot) { self.snapshot = Mutex(snapshot) }

    func latest() -> Snapshot { snapshot.withLock { $0 } }
    func events(after sequence: UInt64) -> [Event] { [] }
    func send(_ command: ControlCommand) {}
    func replace(_ new: Snapshot) { snapshot.withLock { $0 = new } }
}

enum Fixture {
    static func snapshot(at date: Date = Date()) -> Snapshot {
        Snapshot(
            source: "test", generatedAt: date, uptime: .seconds(5),
            scheduler: SchedulerSnapshot(probesTotal: 9, latenessP50Ms: 0.2, latenessP99Ms: 1),
            endpoints: [
                EndpointSnapshot(
                    name: "api", group: "edge", displayURL: "http://127.0.0.1:1/health",
                    breaker: BreakerView(
                        state: .open, consecutiveFailures: 5, trips: 1, probeDueIn: .seconds(3)),
                    requests: RequestCounters(total: 9, succeeded: 4, failed: 5),
                    latency: LatencySummary(count: 9, p50: 1, p90: 2, p99: 3, p999: 3, max: 3))
            ],
            rateLimits: [
                RateLimitSnapshot(
                    name: "shared", calls: 2, period: .seconds(1), permitsAvailable: 0, queueDepth: 4,
                    queuePeak: 6,
                    maxQueue: 10, timeToNextPermit: .milliseconds(200), waitP99Ms: 900, rejected: 1)
            ])
    }
}

/// A blocking HTTP/1.1 client over a plain socket to 127.0.0.1, with a receive timeout so a
/// broken server fails the test instead of hanging it.
final class HTTPTestConnection {
    struct Response {
        var status: Int
        var headers: [String: String]
        var body: String
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private let descriptor: Int32
    private var buffer: [UInt8] = []

    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failure(description: "socket: \(errno)") }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            close(descriptor)
            throw Failure(description: "connect: errno \(errno)")
        }
    }

    deinit { close(descriptor) }

    /// Sends one request and reads its response (no body for HEAD).
    func request(_ method: String, _ path: String, close: Bool = false) throws -> Response {
        let text =
            "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\(close ? "Connection: close\r\n" : "")\r\n"
        let bytes = Array(text.utf8)
        guard bytes.withUnsafeBytes({ send(descriptor, $0.baseAddress, $0.count, 0) }) == bytes.count else {
            throw Failure(description: "send failed")
        }
        let head = try readUntilBlankLine()
        let lines = head.components(separatedBy: "\r\n")
        guard let statusLine = lines.first,
            let status = Int(statusLine.split(separator: " ").dropFirst().first ?? "")
        else { throw Failure(description: "bad status line: \(head)") }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces)
        }
        let length = method == "HEAD" ? 0 : Int(headers["content-length"] ?? "0") ?? 0
        let body = try readExactly(length)
        return Response(status: status, headers: headers, body: String(decoding: body, as: UTF8.self))
    }

    /// Whether the server closed the connection (reads EOF).
    func readsEOF() -> Bool {
        var byte: UInt8 = 0
        return recv(descriptor, &byte, 1, 0) == 0
    }

    private func fill() throws {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { throw Failure(description: "recv returned \(count), errno \(errno)") }
        buffer += chunk[0..<count]
    }

    private func readUntilBlankLine() throws -> String {
        let marker: [UInt8] = [13, 10, 13, 10]
        while true {
            if let end = (0..<max(0, buffer.count - 3)).first(where: { Array(buffer[$0..<$0 + 4]) == marker })
            {
                let head = String(decoding: buffer[0..<end], as: UTF8.self)
                buffer.removeFirst(end + 4)
                return head
            }
            try fill()
        }
    }

    private func readExactly(_ count: Int) throws -> [UInt8] {
        while buffer.count < count { try fill() }
        let body = Array(buffer[0..<count])
        buffer.removeFirst(count)
        return body
    }
}
