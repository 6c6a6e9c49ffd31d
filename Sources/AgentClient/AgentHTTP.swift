public import Foundation
import Monitor
import NIOCore
import NIOHTTP1
import NIOPosix

/// HTTP/1.1 to an agent's control API over a Unix socket or TCP: one request per connection.
///
/// NIO stays inside this module: the dashboard sees only a ``Monitor/SnapshotSource``. Reading
/// is pulled by the caller (an async sequence of response parts), so a slow reader stops the
/// socket being read, the agent's bounded per-client buffer fills, and the agent drops the
/// screen rather than either side buffering without bound.
public struct AgentHTTP: Sendable {
    /// Where the agent listens.
    public var address: AgentAddress
    /// The bearer token for TCP (`--token-file`), if any.
    public var token: String?
    /// How long a connection attempt may take.
    public var connectTimeout: Duration

    /// A failed exchange, in words for the screen (`connection refused`, `401 unauthorized: …`).
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// The HTTP status, when a response arrived.
        public var status: Int?
        /// What went wrong.
        public var description: String

        /// Creates a failure.
        public init(status: Int? = nil, _ description: String) {
            self.status = status
            self.description = description
        }
    }

    /// A client for `address`.
    public init(address: AgentAddress, token: String? = nil, connectTimeout: Duration = .seconds(3)) {
        self.address = address
        self.token = token
        self.connectTimeout = connectTimeout
    }

    /// Sends one request and reads the whole response body (at most `maxBody` bytes).
    public func request(
        _ method: String, _ path: String, body: Data? = nil, maxBody: Int = 256 << 20
    ) async throws -> (status: Int, body: Data) {
        try await exchange(method, path, body: body) { status, parts in
            var data = Data()
            for try await part in parts {
                guard data.count + part.count <= maxBody else {
                    throw Failure(status: status, "response larger than \(maxBody >> 20) MiB")
                }
                data.append(contentsOf: part)
            }
            return (status, data)
        }
    }

    /// Sends one request and hands the response's status and body chunks, as they arrive, to
    /// `read`; returns what `read` returns. The connection is closed when `read` returns or throws.
    public func exchange<Result: Sendable>(
        _ method: String, _ path: String, body: Data? = nil,
        read: (Int, BodyChunks) async throws -> Result
    ) async throws -> Result {
        let channel = try await connect()
        return try await channel.executeThenClose { inbound, outbound in
            var head = HTTPRequestHead(version: .http1_1, method: HTTPMethod(rawValue: method), uri: path)
            head.headers.add(name: "Host", value: "ethotop")
            head.headers.add(name: "User-Agent", value: "ethotop-attach")
            head.headers.add(name: "Connection", value: "close")
            if let token, address.isTCP { head.headers.add(name: "Authorization", value: "Bearer \(token)") }
            if let body {
                head.headers.add(name: "Content-Type", value: "application/json")
                head.headers.add(name: "Content-Length", value: String(body.count))
            }
            try await outbound.write(.head(head))
            if let body { try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: body)))) }
            try await outbound.write(.end(nil))
            var iterator = inbound.makeAsyncIterator()
            guard case .head(let response)? = try await iterator.next() else {
                throw Failure("the agent closed the connection without answering")
            }
            return try await read(Int(response.status.code), BodyChunks(iterator: iterator))
        }
    }

    /// The body of a response, chunk by chunk, until its end.
    public struct BodyChunks: AsyncSequence {
        /// A chunk of body bytes, as received.
        public typealias Element = [UInt8]
        var iterator: NIOAsyncChannelInboundStream<HTTPClientResponsePart>.AsyncIterator

        /// Iterates the chunks.
        public func makeAsyncIterator() -> Iterator { Iterator(inner: iterator) }

        /// The iterator.
        public struct Iterator: AsyncIteratorProtocol {
            var inner: NIOAsyncChannelInboundStream<HTTPClientResponsePart>.AsyncIterator

            /// The next chunk, or `nil` at the end of the body.
            public mutating func next() async throws -> [UInt8]? {
                while let part = try await inner.next() {
                    switch part {
                    case .head: continue
                    case .body(let buffer): return Array(buffer.readableBytesView)
                    case .end: return nil
                    }
                }
                throw AgentHTTP.Failure("the agent closed the connection")
            }
        }
    }

    private func connect() async throws -> NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart> {
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.nanoseconds(connectTimeout.nanoseconds))
        let initializer:
            @Sendable (any Channel) -> EventLoopFuture<
                NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>
            > = { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    return try NIOAsyncChannel(wrappingChannelSynchronously: channel)
                }
            }
        do {
            switch address {
            case .unix(let path):
                return try await bootstrap.connect(
                    unixDomainSocketPath: path, channelInitializer: initializer)
            case .tcp(let host, let port):
                return try await bootstrap.connect(host: host, port: port, channelInitializer: initializer)
            }
        } catch let error as IOError {
            throw Failure(Self.describe(errno: error.errnoCode, fallback: "\(error)"))
        } catch let error as ChannelError {
            if case .connectTimeout = error { throw Failure("connect timed out") }
            throw Failure("\(error)")
        } catch {
            throw Failure(String(describing: error))
        }
    }

    /// The `error` of an agent's `{"error":"…"}` answer, sanitised; `nil` for another body.
    public static func errorMessage(_ body: Data) -> String? {
        struct Answer: Decodable { var error: String }
        return (try? JSONDecoder().decode(Answer.self, from: body)).map {
            TextSanitizer.sanitize($0.error, maxLength: 200)
        }
    }

    /// `connection refused`, `no such socket`, … for the screen.
    private static func describe(errno: Int32, fallback: String) -> String {
        switch errno {
        case ECONNREFUSED: "connection refused"
        case ENOENT: "no such socket"
        case EACCES, EPERM: "permission denied"
        case ETIMEDOUT: "connect timed out"
        default: fallback
        }
    }
}
