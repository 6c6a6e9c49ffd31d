import ChaosServer
import Foundation
import Glibc
import Testing

@testable import Probe

/// Probe sockets must not leak into child processes.
@Suite struct SocketHygieneTests {
    @Test func probeSocketsAreCloseOnExec() async throws {
        try await withChaos { server, prober in
            let result = try await prober.probe(ProbeRequest(url: server.url(for: "/ok")))
            #expect(result.status == 200)
            // The kept-alive client socket: the descriptor whose peer is the server's port.
            let clientSockets = openDescriptors().filter { peerPort(of: $0) == server.port }
            #expect(clientSockets.count == 1)
            for fd in clientSockets { #expect(fcntl(fd, F_GETFD) & FD_CLOEXEC != 0) }
        }
    }

    private func openDescriptors() -> [Int32] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []).compactMap {
            Int32($0)
        }
    }

    private func peerPort(of fd: Int32) -> Int? {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let result = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getpeername(fd, $0, &length) }
        }
        guard result == 0, address.sin_family == sa_family_t(AF_INET) else { return nil }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
