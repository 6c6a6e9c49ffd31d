import Foundation
import TestSupport

/// Certificates for the TLS rows of the fault matrix, made with the `openssl` command line in a
/// scratch directory: a private CA, a leaf it signed for 127.0.0.1 that is valid, one that has
/// expired, and a self-signed leaf no trust store knows.
///
/// The expired leaf is signed with `-days -1` (its notAfter a day before its notBefore), which
/// OpenSSL 3.0 accepts; no clock faking is needed. Trusting the CA (``caFile``) is what lets a
/// test tell "expired" from "unknown issuer": with an untrusted issuer the chain fails first.
public struct TestCertificates: Sendable {
    /// The scratch directory holding every file.
    public let directory: String
    /// The CA certificate (PEM), to pass as a probe's CA file.
    public var caFile: String { directory + "/ca.pem" }
    /// A leaf signed by the CA for `IP:127.0.0.1` and `DNS:localhost`, valid for a day.
    public var valid: KeyPair { KeyPair(directory: directory, name: "valid") }
    /// A leaf signed by the CA for the same names, expired.
    public var expired: KeyPair { KeyPair(directory: directory, name: "expired") }
    /// A self-signed leaf for the same names.
    public var selfSigned: KeyPair { KeyPair(directory: directory, name: "self-signed") }

    /// A certificate and its private key.
    public struct KeyPair: Sendable {
        /// The certificate (PEM).
        public var certificate: String
        /// The private key (PEM).
        public var key: String

        init(directory: String, name: String) {
            certificate = "\(directory)/\(name).pem"
            key = "\(directory)/\(name).key"
        }

        /// A pair from explicit paths.
        public init(certificate: String, key: String) {
            self.certificate = certificate
            self.key = key
        }
    }

    /// Generates everything in a new scratch directory (EC P-256 keys: fast to make).
    public init() async throws {
        directory = try Scratch.directory("ethotop-certs")
        let openssl = "/usr/bin/openssl"
        let curve = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        let names = "subjectAltName=IP:127.0.0.1,DNS:localhost"
        try "\(names)\n".write(toFile: directory + "/san.ext", atomically: true, encoding: .utf8)
        try await ChildProcess.run(
            [openssl, "req", "-x509"] + curve + [
                "-subj", "/CN=ethotop test CA", "-days", "2", "-keyout", directory + "/ca.key", "-out",
                caFile,
            ], in: directory)
        try await ChildProcess.run(
            [openssl, "req", "-x509"] + curve + [
                "-subj", "/CN=localhost", "-addext", names, "-days", "2", "-keyout", selfSigned.key,
                "-out", selfSigned.certificate,
            ], in: directory)
        for (pair, days) in [(valid, "2"), (expired, "-1")] {
            let request = pair.key + ".csr"
            try await ChildProcess.run(
                [openssl, "req"] + curve + ["-subj", "/CN=localhost", "-keyout", pair.key, "-out", request],
                in: directory)
            try await ChildProcess.run(
                [
                    openssl, "x509", "-req", "-in", request, "-CA", caFile, "-CAkey", directory + "/ca.key",
                    "-CAcreateserial", "-days", days, "-extfile", directory + "/san.ext", "-out",
                    pair.certificate,
                ], in: directory)
        }
    }

    /// Deletes the scratch directory.
    public func remove() { try? FileManager.default.removeItem(atPath: directory) }
}

/// Scratch directories under the system's temporary directory.
public enum Scratch {
    /// A new empty directory named `prefix-XXXXXX`.
    public static func directory(_ prefix: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "\(prefix)-\(UUID().uuidString.prefix(12))"
        ).path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
