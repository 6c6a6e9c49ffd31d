import Foundation
import Glibc
import Synchronization

/// A tiny TCP server on 127.0.0.1 that answers every request with a scripted byte-level action:
/// for failures that a well-behaved HTTP server (ChaosServer) cannot produce, such as a reply that
/// is not HTTP at all. One thread, one connection at a time.
final class RawServer: Sendable {
    enum Action: Sendable {
        /// Write these bytes, then close.
        case reply([UInt8])
        /// Abort the connection with a TCP RST (SO_LINGER 0) after reading the request.
        case reset
    }

    let port: UInt16
    private let fd: Int32
    private let stopped = StopFlag()

    init(_ action: Action) throws {
        (fd, port) = try Sockets.listen(backlog: 16)
        let fd = self.fd
        let stopped = self.stopped
        let worker = Thread {
            while !stopped.value.load(ordering: .relaxed) {
                let client = accept(fd, nil, nil)
                guard client >= 0 else { break }
                RawServer.serve(client, action)
            }
        }
        worker.start()
    }

    func stop() {
        stopped.value.store(true, ordering: .relaxed)
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
    }

    private static func serve(_ client: Int32, _ action: Action) {
        // Read the request head (a probe's GET fits in one buffer).
        var buffer = [UInt8](repeating: 0, count: 8192)
        var received: [UInt8] = []
        while !received.ends(with: Array("\r\n\r\n".utf8)) {
            let count = read(client, &buffer, buffer.count)
            if count <= 0 { break }
            received.append(contentsOf: buffer[0..<count])
        }
        switch action {
        case .reply(let bytes):
            _ = bytes.withUnsafeBytes { write(client, $0.baseAddress, $0.count) }
            close(client)
        case .reset:
            var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
            setsockopt(client, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
            close(client)
        }
    }
}

private final class StopFlag: Sendable {
    let value = Atomic<Bool>(false)
}

extension Array where Element == UInt8 {
    fileprivate func ends(with suffix: [UInt8]) -> Bool {
        count >= suffix.count && Array(self[(count - suffix.count)...]) == suffix
    }
}
