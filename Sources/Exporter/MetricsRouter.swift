public import Foundation
public import Monitor

/// Maps a request to its response for `ethotop serve`: the HTTP-free half of ``MetricsServer``.
///
/// Pure apart from reading the source's latest snapshot, so every route, method and status is
/// tested without a socket. `GET` and `HEAD` only; the snapshot is read once per request.
public struct MetricsRouter: Sendable {
    /// A response: status, media type, body, and extra headers.
    public struct Response: Sendable {
        /// HTTP status code.
        public var status: Int
        /// `Content-Type`.
        public var contentType: String
        /// The body (sent for `GET`, only measured for `HEAD`); empty when ``snapshot`` is set.
        public var body: [UInt8]
        /// Extra headers, e.g. `Allow` on a 405.
        public var headers: [(String, String)] = []
        /// When set, the body is this snapshot's JSON document and a newline, which the server
        /// encodes chunk by chunk as the client reads it (``SnapshotJSONEncoder/chunks(of:chunkBytes:)``)
        /// rather than holding it whole.
        public var snapshot: Snapshot? = nil

        /// The whole body, the snapshot document encoded when it is one.
        public func completeBody() throws -> [UInt8] {
            guard let snapshot else { return body }
            return Array(try SnapshotJSONEncoder().encode(snapshot)) + [0x0A]
        }
    }

    /// Where snapshots come from.
    public let source: any SnapshotSource
    /// `/healthz` answers 503 when the latest snapshot is older than this (a stalled engine).
    public let staleAfter: Duration
    /// The wall clock, injectable for tests.
    public let now: @Sendable () -> Date
    /// The listener serving these routes, whose connection counts `/metrics` appends; set by
    /// ``MetricsServer``.
    public var listener: ConnectionGauge?

    /// A router over `source`.
    public init(
        source: any SnapshotSource, staleAfter: Duration = .seconds(30),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.source = source
        self.staleAfter = staleAfter
        self.now = now
    }

    /// The response for `method` on `uri` (a query string is ignored).
    public func respond(method: String, uri: String) -> Response {
        let path =
            uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init)
            ?? uri
        let routes = ["/", "/metrics", "/snapshot.json", "/healthz"]
        guard routes.contains(path) else {
            return text(404, "not found: try /metrics, /snapshot.json or /healthz\n")
        }
        guard method == "GET" || method == "HEAD" else {
            var response = text(405, "method not allowed\n")
            response.headers = [("Allow", "GET, HEAD")]
            return response
        }
        switch path {
        case "/metrics":
            var text = PrometheusExporter().render(source.latest())
            if let listener { text += Self.listenerMetrics(listener) }
            return Response(status: 200, contentType: PrometheusExporter.contentType, body: Array(text.utf8))
        case "/snapshot.json":
            return Response(
                status: 200, contentType: "application/json", body: [], snapshot: source.latest())
        case "/healthz":
            return health()
        default:
            return text(200, "ethotop\n/metrics\n/snapshot.json\n/healthz\n")
        }
    }

    /// The listener's own series, in the exposition format.
    static func listenerMetrics(_ gauge: ConnectionGauge) -> String {
        """
        # HELP ethotop_listener_connections HTTP connections the metrics listener holds now.
        # TYPE ethotop_listener_connections gauge
        ethotop_listener_connections \(gauge.open)
        # HELP ethotop_listener_max_connections HTTP connections it holds at most (after the descriptor budget).
        # TYPE ethotop_listener_max_connections gauge
        ethotop_listener_max_connections \(gauge.limit)
        # HELP ethotop_listener_refused_connections_total HTTP connections closed on accept because the cap was reached.
        # TYPE ethotop_listener_refused_connections_total counter
        ethotop_listener_refused_connections_total \(gauge.refused)

        """
    }

    private func health() -> Response {
        let age = now().timeIntervalSince(source.latest().generatedAt)
        if age > staleAfter.seconds {
            return text(503, "stale: the last snapshot is \(Int(age))s old\n")
        }
        return text(200, "ok\n")
    }

    private func text(_ status: Int, _ body: String) -> Response {
        Response(status: status, contentType: "text/plain; charset=utf-8", body: Array(body.utf8))
    }
}
