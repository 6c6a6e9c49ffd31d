import Foundation
import NIOHTTP1

/// The JSON `/control/stats` answers with.
struct ChaosStats: Codable {
    /// Milliseconds since the server started (on its clock).
    var uptimeMs: Int64
    /// The server's seed.
    var seed: UInt64
    /// Connections accepted since start.
    var connectionsAccepted: Int
    /// Connections open now.
    var connectionsOpen: Int
    /// Requests per path (query excluded).
    var requests: [String: Int]
    /// Manual outage switches that have been set.
    var outages: [String: Bool]
    /// The most response bytes one connection has held in user space (streaming back-pressure).
    var peakBufferedBytes: Int
    /// How often a streamed body paused because the client read slowly.
    var writePauses: Int

    enum CodingKeys: String, CodingKey {
        case uptimeMs = "uptime_ms", seed, connectionsAccepted = "connections_accepted"
        case connectionsOpen = "connections_open", requests, outages
        case peakBufferedBytes = "peak_buffered_bytes", writePauses = "write_pauses"
    }
}

extension ChaosRouter {
    /// `/control/outage/{name}?on=1|0` (GET or POST) and `/control/stats`.
    func control(
        _ segments: [String], _ request: ChaosRequest, _ query: QueryReader
    ) throws(QueryReader.Invalid) -> ChaosBehaviour {
        guard request.method == .GET || request.method == .POST || request.method == .HEAD else {
            var response = ChaosResponse(status: 405, body: "use GET or POST\n")
            response.add("Allow", "GET, POST")
            return .respond(response)
        }
        switch (segments.first ?? "", segments.count) {
        case ("outage", 2):
            let name = segments[1]
            if query.query["on"] != nil { state.setOutage(name, on: try query.flag("on")) }
            let body = json(["name": name, "on": state.isOutageOn(name)])
            return .respond(ChaosResponse(status: 200, body: body, contentType: "application/json"))
        case ("stats", 1):
            let stats = ChaosStats(
                uptimeMs: state.uptime.nanoseconds / 1_000_000, seed: state.seed,
                connectionsAccepted: state.acceptedConnections, connectionsOpen: state.openChannels().count,
                requests: state.requestCounts(), outages: state.outages(),
                peakBufferedBytes: state.peakBufferedBytes, writePauses: state.writePauses)
            return .respond(ChaosResponse(status: 200, body: encode(stats), contentType: "application/json"))
        default:
            return .respond(ChaosResponse(status: 404, body: "unknown control endpoint\n"))
        }
    }

    /// `/echo`: the request as JSON (method, path, query, headers, body), for checking what a client sent.
    func echo(_ request: ChaosRequest) -> ChaosResponse {
        let headers = request.headers.map { [$0.name, $0.value] }
        let object: [String: Any] = [
            "method": request.method.rawValue,
            "path": request.path,
            "query": request.query,
            "headers": headers,
            "body_bytes": request.bodyLength,
            "body": String(decoding: request.body, as: UTF8.self),
            "version": "\(request.version.major).\(request.version.minor)",
        ]
        return ChaosResponse(status: 200, body: json(object), contentType: "application/json")
    }

    private func json(_ object: [String: Any]) -> String {
        guard
            let data = try? JSONSerialization.data(
                withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        else {
            return "{}"
        }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    private func encode(_ stats: ChaosStats) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(stats) else { return "{}" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// `/escapes`: 200 whose reason phrase, a header and the body carry terminal escape sequences.
    static func escapes() -> ChaosResponse {
        var response = ChaosResponse(
            status: 200, reason: ChaosPayloads.escapeReason, body: ChaosPayloads.escapeBody)
        response.add("Content-Type", "text/plain; charset=utf-8")
        response.headers.append(("X-Chaos-Escapes", ChaosPayloads.escapeHeader))
        return response
    }
}
