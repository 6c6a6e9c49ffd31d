import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Asks whatever listens on a Unix socket path whether it is an ethotop agent: a blocking
/// `GET /v1/agent` with a two-second limit, used once at start to tell a stale socket from a
/// running agent.
enum AgentProbe {
    /// What answered.
    enum Answer: Equatable {
        /// Nobody listens (`ECONNREFUSED`, or the file went away): the socket is stale.
        case refused
        /// An ethotop agent with this pid.
        case agent(pid: Int)
        /// Something else, or an agent that did not answer in time.
        case other(String)
    }

    static func ask(unixPath path: String) -> Answer {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return .other("socket: \(ControlSocketFile.reason(errno))") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            return .other("path too long")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard connected == 0 else {
            return errno == ECONNREFUSED || errno == ENOENT
                ? .refused : .other("connect: \(ControlSocketFile.reason(errno))")
        }
        let request = Array("GET /v1/agent HTTP/1.0\r\nHost: agent\r\n\r\n".utf8)
        guard
            request.withUnsafeBytes({ send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) })
                == request.count
        else {
            return .other("it did not accept a request")
        }
        var response: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4_096)
        while response.count < 65_536 {
            let count = recv(fd, &chunk, chunk.count, 0)
            if count <= 0 { break }
            response += chunk[..<count]
        }
        let text = String(decoding: response, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n"),
            let object = (try? JSONSerialization.jsonObject(with: Data(text[split.upperBound...].utf8)))
                as? [String: Any],
            let pid = object["pid"] as? Int
        else {
            return .other("it did not answer GET /v1/agent like an ethotop agent")
        }
        return .agent(pid: pid)
    }
}
