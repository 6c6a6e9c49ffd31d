import Foundation
import TestSupport

/// A real HTTPS server on 127.0.0.1 (nginx, from the `nginx-light` test package) that answers
/// every request with a redirect to a fixed URL: the https side of redirect tests (https → http
/// downgrades).
public final class TLSRedirectPeer: Sendable {
    /// The port it listens on.
    public let port: Int
    private let process: ChildProcess

    /// `https://127.0.0.1:PORT/`.
    public var url: String { "https://127.0.0.1:\(port)/" }

    /// Starts nginx presenting `pair`, redirecting with `status` to `target`; files go in `directory`.
    public init(
        _ pair: TestCertificates.KeyPair, redirectTo target: String, status: Int = 302, directory: String
    )
        async throws
    {
        let root = directory + "/nginx-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: root + "/logs", withIntermediateDirectories: true)
        let port = try Loopback.closedPort()
        let config = """
            daemon off;
            master_process off;
            pid \(root)/nginx.pid;
            error_log \(root)/logs/error.log;
            events { worker_connections 64; }
            http {
                access_log off;
                client_body_temp_path \(root)/body;
                proxy_temp_path \(root)/proxy;
                fastcgi_temp_path \(root)/fastcgi;
                uwsgi_temp_path \(root)/uwsgi;
                scgi_temp_path \(root)/scgi;
                server {
                    listen 127.0.0.1:\(port) ssl;
                    ssl_certificate \(pair.certificate);
                    ssl_certificate_key \(pair.key);
                    location / { return \(status) "\(target)"; }
                }
            }
            """
        try config.write(toFile: root + "/nginx.conf", atomically: true, encoding: .utf8)
        process = try ChildProcess(
            ["/usr/sbin/nginx", "-p", root, "-c", root + "/nginx.conf"], output: .log(root + "/stdout.log"),
            lifetime: .seconds(300), closeInheritedDescriptors: true)
        do {
            self.port = try await process.listeningPort()
        } catch {
            process.stop()
            throw error
        }
    }

    /// Stops the server.
    public func stop() { process.stop() }
}
