import Foundation
import TestSupport

/// A real TLS server on 127.0.0.1 presenting a chosen certificate: `openssl s_server -www`, which
/// answers `GET /` with `200` and a status page.
public final class TLSPeer: Sendable {
    /// The port it listens on.
    public let port: Int
    private let process: ChildProcess

    /// `https://127.0.0.1:PORT/`.
    public var url: String { "https://127.0.0.1:\(port)/" }

    /// Starts a server presenting `pair`; logs to `directory`. With `requireClientCertificateFrom`
    /// (a CA file) it demands a client certificate that CA signed (`-Verify 1`) and refuses the
    /// handshake without one.
    public init(
        _ pair: TestCertificates.KeyPair, directory: String,
        requireClientCertificateFrom clientCA: String? = nil
    ) async throws {
        let verify = clientCA.map { ["-Verify", "1", "-CAfile", $0, "-verify_return_error"] } ?? []
        process = try ChildProcess(
            [
                "/usr/bin/openssl", "s_server", "-accept", "127.0.0.1:0",
                "-cert", pair.certificate, "-key", pair.key, "-www", "-quiet",
            ] + verify, output: .log(directory + "/s_server-\(UUID().uuidString.prefix(8)).log"),
            lifetime: .seconds(300), closeInheritedDescriptors: true)
        do {
            port = try await process.listeningPort()
        } catch {
            process.stop()
            throw error
        }
    }

    /// Stops the server.
    public func stop() { process.stop() }
}

/// A real HTTP/2 server on 127.0.0.1: Debian's `nghttpd` (nghttp2-server) serving a small
/// document root. Over TLS it offers only `h2` by ALPN; with `cleartext` it speaks h2c with prior
/// knowledge. It does not speak HTTP/1.1 at all.
public final class HTTP2Peer: Sendable {
    /// The port it listens on.
    public let port: Int
    /// Whether it runs over TLS.
    public let tls: Bool
    private let process: ChildProcess

    /// `https://127.0.0.1:PORT/` (or `http://` in cleartext).
    public var url: String { "\(tls ? "https" : "http")://127.0.0.1:\(port)/" }

    /// The body of `GET /`.
    public static let body = "hello over h2\n"

    /// Where the executable is (`nghttp2-server` installs it in /usr/sbin).
    public static let executable = "/usr/sbin/nghttpd"

    /// Starts nghttpd with `pair` (TLS) or in cleartext when `pair` is nil; files go in `directory`.
    public init(_ pair: TestCertificates.KeyPair?, directory: String) async throws {
        let root = directory + "/h2root-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try Self.body.write(toFile: root + "/index.html", atomically: true, encoding: .utf8)
        var arguments = [Self.executable, "-a", "127.0.0.1", "-d", root]
        if let pair {
            arguments += ["0", pair.key, pair.certificate]
        } else {
            arguments += ["--no-tls", "0"]
        }
        tls = pair != nil
        process = try ChildProcess(
            arguments, output: .log(root + ".log"), lifetime: .seconds(300), closeInheritedDescriptors: true)
        do {
            port = try await process.listeningPort()
        } catch {
            process.stop()
            throw error
        }
    }

    /// Stops the server.
    public func stop() { process.stop() }
}
