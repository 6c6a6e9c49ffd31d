public import Monitor

/// A request to the control API, reduced to what the router decides on.
public struct AgentRequest: Sendable {
    /// `GET`, `POST`, …
    public var method: String
    /// The request target, path and query (`/v1/events?after=12`).
    public var uri: String
    /// The `Authorization` header, if any.
    public var authorization: String?
    /// The request body (the handler stops reading past ``AgentRouter/maxBodyBytes``).
    public var body: [UInt8]
    /// Who sent it.
    public var peer: AgentPeer

    /// A request.
    public init(
        method: String, uri: String, authorization: String? = nil, body: [UInt8] = [], peer: AgentPeer
    ) {
        self.method = method
        self.uri = uri
        self.authorization = authorization
        self.body = body
        self.peer = peer
    }
}

/// What the router answers: a status and a body, which is either bytes or work for the handler
/// (a snapshot to encode in chunks, a stream to join).
public struct AgentResponse: Sendable {
    /// The body of a response.
    public enum Body: Sendable {
        /// These bytes.
        case bytes([UInt8])
        /// The snapshot document of this snapshot, written in chunks.
        case snapshot(Snapshot)
        /// The JSON-lines stream, resuming after this event sequence number if given; `author`
        /// names the client when the agent reports dropping it.
        case stream(after: UInt64?, author: String)
    }

    /// HTTP status code.
    public var status: Int
    /// `Content-Type`.
    public var contentType: String
    /// The body.
    public var body: Body
    /// Extra headers (`Allow` on a 405, `WWW-Authenticate` on a 401).
    public var headers: [(String, String)] = []

    /// The bytes of a ``Body/bytes(_:)`` body; empty for the others.
    public var bytes: [UInt8] {
        if case .bytes(let bytes) = body { return bytes }
        return []
    }

    /// JSON media type.
    public static let json = "application/json"
    /// The stream's media type.
    public static let ndjson = "application/x-ndjson"
}
