public import Foundation
public import Monitor

/// Maps a control API request to its response: the HTTP-free half of ``AgentServer``.
///
/// Everything the API decides — paths, methods, authentication, validation, which command is
/// sent and what is answered — happens here, so every status is unit-tested without a socket.
/// The only side effects are the engine's: a command sent, a reload run.
public struct AgentRouter: Sendable {
    /// The largest request body accepted (413 above).
    public static let maxBodyBytes = 64 * 1024

    /// The engine served.
    public let engine: any AgentEngine
    /// Bearer tokens required over TCP; `nil` when TCP needs none (loopback only, checked at start).
    public let tokens: AccessTokens?
    /// The agent's description, read per request (its `screens` count changes).
    public let info: @Sendable () -> AgentInfo

    /// A router for `engine`.
    public init(engine: any AgentEngine, tokens: AccessTokens?, info: @escaping @Sendable () -> AgentInfo) {
        self.engine = engine
        self.tokens = tokens
        self.info = info
    }

    /// Paths and the methods they take.
    static let routes: [String: [String]] = [
        "/healthz": ["GET", "HEAD"],
        "/v1/agent": ["GET", "HEAD"],
        "/v1/snapshot": ["GET", "HEAD"],
        "/v1/events": ["GET", "HEAD"],
        "/v1/stream": ["GET"],
        "/v1/control": ["POST"],
        "/v1/reload": ["POST"],
    ]

    /// The response to `request`.
    public func respond(to request: AgentRequest) -> AgentResponse {
        let (path, query) = Self.split(request.uri)
        guard let methods = Self.routes[path] else {
            return Self.error(404, "no such path: \(path) (see docs/api/openapi.yaml)")
        }
        guard methods.contains(request.method) else {
            var response = Self.error(405, "\(request.method) is not allowed on \(path)")
            response.headers = [("Allow", methods.joined(separator: ", "))]
            return response
        }
        if path == "/healthz" {
            return AgentResponse(
                status: 200, contentType: "text/plain; charset=utf-8", body: .bytes(Array("ok\n".utf8)))
        }
        var token: String?
        if request.peer.isTCP, let tokens {
            guard let name = Self.bearer(request.authorization).flatMap(tokens.name(of:)) else {
                var response = Self.error(
                    401, "a valid bearer token is required (Authorization: Bearer TOKEN)")
                response.headers = [("WWW-Authenticate", "Bearer realm=\"ethotop\"")]
                return response
            }
            token = name
        }
        let author = request.peer.author(token: token)
        if request.body.count > Self.maxBodyBytes {
            return Self.error(413, "the request body is over \(Self.maxBodyBytes / 1024) KiB")
        }
        let after: UInt64?
        switch Self.after(in: query) {
        case .success(let value): after = value
        case .failure(let message): return Self.error(400, message.description)
        }
        switch path {
        case "/v1/agent":
            return Self.json(200, info())
        case "/v1/snapshot":
            return AgentResponse(
                status: 200, contentType: AgentResponse.json, body: .snapshot(engine.latest()))
        case "/v1/events":
            return events(after: after ?? 0)
        case "/v1/stream":
            return AgentResponse(
                status: 200, contentType: AgentResponse.ndjson, body: .stream(after: after, author: author))
        case "/v1/control":
            return control(request.body, author: author)
        default:
            return reload(author: author)
        }
    }

    /// `{"events":[…]}`: the event objects of `watch`'s lines, newer than `after`.
    private func events(after: UInt64) -> AgentResponse {
        let encoder = SnapshotJSONEncoder()
        let lines = engine.events(after: after).compactMap { try? encoder.line(for: $0) }
        let body = "{\"events\":[" + lines.joined(separator: ",") + "]}\n"
        return AgentResponse(status: 200, contentType: AgentResponse.json, body: .bytes(Array(body.utf8)))
    }

    /// The token of an `Authorization: Bearer TOKEN` header.
    static func bearer(_ header: String?) -> String? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return String(parts[1]).trimmingCharacters(in: .whitespaces)
    }

    /// The path and the query parameters of `uri`.
    static func split(_ uri: String) -> (path: String, query: [String: String]) {
        let parts = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let path = parts.first.map(String.init) ?? uri
        var query: [String: String] = [:]
        if parts.count == 2 {
            for pair in parts[1].split(separator: "&") {
                let keyValue = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let key = String(keyValue[0])
                query[key] = keyValue.count == 2 ? String(keyValue[1]) : ""
            }
        }
        return (path, query)
    }

    /// A malformed request, as the message for its 400.
    struct BadRequest: Error, CustomStringConvertible {
        var description: String
    }

    /// The `after` parameter: absent, or a sequence number.
    static func after(in query: [String: String]) -> Result<UInt64?, BadRequest> {
        guard let text = query["after"] else { return .success(nil) }
        guard let value = UInt64(text) else {
            return .failure(BadRequest(description: "after must be an event sequence number (0 or more)"))
        }
        return .success(value)
    }

    /// A JSON response of `value` (keys sorted, as all of ethotop's JSON).
    static func json(_ status: Int, _ value: some Encodable) -> AgentResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else {
            return error(500, "could not encode the response")
        }
        return AgentResponse(
            status: status, contentType: AgentResponse.json, body: .bytes(Array(data) + [0x0A]))
    }

    /// `{"error":"…"}` with `status`; the message is sanitised (it may quote the request).
    public static func error(_ status: Int, _ message: String) -> AgentResponse {
        json(status, ["error": TextSanitizer.sanitize(message)])
    }
}
