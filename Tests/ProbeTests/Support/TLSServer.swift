import Foundation
import TestSupport

/// `openssl s_server -www` on 127.0.0.1 with a self-signed certificate generated for the test:
/// a real TLS server whose certificate no trust store accepts.
final class TLSServer {
    let port: UInt16
    private let server: ChildProcess
    private let directory: String

    init() throws {
        directory =
            FileManager.default.temporaryDirectory.appendingPathComponent("ethotop-tls-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let key = "\(directory)/key.pem"
        let cert = "\(directory)/cert.pem"
        let generate = try ChildProcess(
            [
                "/usr/bin/openssl", "req", "-x509", "-newkey", "ec",
                "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-subj", "/CN=localhost",
                "-days", "1", "-keyout", key, "-out", cert,
            ], ownProcessGroup: false)
        guard generate.wait() == 0 else { throw TLSServerError(output: "openssl req failed") }
        // `timeout` bounds the server's life even if the test process dies without stopping it.
        server = try ChildProcess(
            [
                "/usr/bin/timeout", "120", "/usr/bin/openssl", "s_server", "-accept", "127.0.0.1:0",
                "-cert", cert, "-key", key, "-www",
            ], output: .pipeStandardOutput, ownProcessGroup: false)
        // s_server prints "ACCEPT 127.0.0.1:<port>" once it listens.
        guard let line = server.readLine(where: { $0.hasPrefix("ACCEPT ") }),
            let port = line.split(separator: ":").last.flatMap({
                UInt16($0.trimmingCharacters(in: .whitespaces))
            })
        else {
            server.terminate()
            throw TLSServerError(output: "s_server did not report its port")
        }
        self.port = port
    }

    func stop() {
        server.terminate()
        try? FileManager.default.removeItem(atPath: directory)
    }
}

struct TLSServerError: Error {
    var output: String
}
