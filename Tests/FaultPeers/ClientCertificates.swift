import Foundation
import TestSupport

/// Client certificates for mutual-TLS tests, made with the `openssl` command line next to a
/// ``TestCertificates`` set: one signed by its CA, one signed by a second CA the server does not
/// trust, and the first one's key encrypted with a passphrase.
public struct ClientCertificates: Sendable {
    /// A client certificate the test CA signed.
    public let trusted: TestCertificates.KeyPair
    /// A client certificate signed by another CA.
    public let foreign: TestCertificates.KeyPair
    /// ``trusted``'s key, encrypted (AES-256) with ``passphrase``.
    public let encryptedKey: String
    /// The passphrase of ``encryptedKey``.
    public let passphrase: String

    /// Makes the certificates in `certificates.directory` (EC P-256: fast).
    public init(_ certificates: TestCertificates, passphrase: String = "k3y-pass-phrase") async throws {
        let directory = certificates.directory
        let openssl = "/usr/bin/openssl"
        let curve = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try await ChildProcess.run(
            [openssl, "req", "-x509"] + curve + [
                "-subj", "/CN=ethotop other CA", "-days", "2", "-keyout", directory + "/other-ca.key",
                "-out", directory + "/other-ca.pem",
            ], in: directory)
        trusted = TestCertificates.KeyPair(
            certificate: directory + "/client.pem", key: directory + "/client.key")
        foreign = TestCertificates.KeyPair(
            certificate: directory + "/foreign-client.pem", key: directory + "/foreign-client.key")
        for (pair, ca) in [(trusted, "ca"), (foreign, "other-ca")] {
            let request = pair.key + ".csr"
            try await ChildProcess.run(
                [openssl, "req"] + curve + [
                    "-subj", "/CN=ethotop probe", "-keyout", pair.key, "-out", request,
                ],
                in: directory)
            try await ChildProcess.run(
                [
                    openssl, "x509", "-req", "-in", request, "-CA", "\(directory)/\(ca).pem", "-CAkey",
                    "\(directory)/\(ca).key", "-CAcreateserial", "-days", "2", "-out", pair.certificate,
                ], in: directory)
        }
        self.passphrase = passphrase
        encryptedKey = directory + "/client-encrypted.key"
        try await ChildProcess.run(
            [
                openssl, "pkey", "-in", trusted.key, "-aes256", "-passout", "pass:" + passphrase, "-out",
                encryptedKey,
            ], in: directory)
    }
}

/// A real forward proxy on 127.0.0.1: Debian's `tinyproxy`, optionally demanding Basic
/// credentials. It adds `Via: 1.1 tinyproxy (…)` to what it forwards, which is how a test sees
/// that a request went through it.
public final class ProxyPeer: Sendable {
    /// The port it listens on.
    public let port: Int
    private let process: ChildProcess

    /// Where the executable is.
    public static let executable = "/usr/bin/tinyproxy"

    /// `http://127.0.0.1:PORT` (no credentials).
    public var url: String { "http://127.0.0.1:\(port)" }

    /// Starts tinyproxy (foreground) with `credentials` (user, password) required if given.
    public init(directory: String, credentials: (user: String, password: String)? = nil) async throws {
        let name = "tinyproxy-\(UUID().uuidString.prefix(8))"
        var lastError: (any Error)?
        // tinyproxy cannot bind port 0: take a port the kernel just handed out, retry if it is gone.
        for _ in 0..<5 {
            let port = try Loopback.closedPort()
            var lines = [
                "Port \(port)", "Listen 127.0.0.1", "Timeout 30", "MaxClients 200", "LogLevel Info",
                "Logfile \"\(directory)/\(name).log\"", "Allow 127.0.0.1",
            ]
            if let credentials { lines.append("BasicAuth \(credentials.user) \(credentials.password)") }
            let config = "\(directory)/\(name).conf"
            try (lines.joined(separator: "\n") + "\n").write(
                toFile: config, atomically: true, encoding: .utf8)
            let process = try ChildProcess(
                [Self.executable, "-d", "-c", config], output: .log("\(directory)/\(name).out"),
                lifetime: .seconds(300), closeInheritedDescriptors: true)
            do {
                let listening = try await process.listeningPort(timeout: .seconds(20))
                self.port = listening
                self.process = process
                return
            } catch {
                process.stop()
                lastError = error
            }
        }
        throw lastError ?? ChildProcess.Failure("tinyproxy did not start")
    }

    /// Stops the proxy.
    public func stop() { process.stop() }
}
