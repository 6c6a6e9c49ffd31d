import Foundation
import Monitor
import NIOCore
import NIOHTTP1

/// The channel handler behind ``AgentServer``: collects a request, asks the ``AgentRouter``
/// (off the event loop: a command or a reload may take the engine's locks), and writes the
/// answer — bytes, a snapshot encoded in chunks, or the stream, handed to the ``StreamHub``.
final class AgentHTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private enum State {
        /// Waiting for a request.
        case idle
        /// Reading a request's body (kept up to one byte past the limit, so the router sees it
        /// is over).
        case receiving(HTTPRequestHead, [UInt8])
        /// The router is working or the answer is being written.
        case answering
        /// The connection carries the stream until it closes.
        case streaming(StreamClient)
    }

    /// Where requests are answered: off the event loop, and off Swift's cooperative pool, which
    /// callers may be blocking (a command takes the engine's locks; a reload reads a file).
    static let work = DispatchQueue(label: "ethotop.agent.requests", attributes: .concurrent)

    private let router: AgentRouter
    private let hub: StreamHub
    private let peer: AgentPeer
    private let streamBufferBytes: Int
    private var state = State.idle

    init(router: AgentRouter, hub: StreamHub, peer: AgentPeer, streamBufferBytes: Int) {
        self.router = router
        self.hub = hub
        self.peer = peer
        self.streamBufferBytes = streamBufferBytes
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch (unwrapInboundIn(data), state) {
        case (.head(let head), .idle):
            state = .receiving(head, [])
        case (.body(var buffer), .receiving(let head, var body)):
            let room = AgentRouter.maxBodyBytes + 1 - body.count
            if room > 0, let bytes = buffer.readBytes(length: min(room, buffer.readableBytes)) {
                body += bytes
            }
            state = .receiving(head, body)
        case (.end, .receiving(let head, let body)):
            state = .answering
            answer(head, body: body, context: context)
        default:
            break  // a request pipelined behind the stream, or parts after an answer began
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if case .streaming(let client) = state { hub.leave(client) }
        context.fireChannelInactive()
    }

    private func answer(_ head: HTTPRequestHead, body: [UInt8], context: ChannelHandlerContext) {
        let request = AgentRequest(
            method: head.method.rawValue, uri: head.uri,
            authorization: head.headers.first(name: "authorization"),
            body: body, peer: peer)
        let router = self.router
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        let loop = context.eventLoop
        Self.work.async {
            let response = router.respond(to: request)
            loop.execute {
                let (handler, context) = bound.value
                handler.write(response, for: head, context: context)
            }
        }
    }

    private func write(
        _ response: AgentResponse, for request: HTTPRequestHead, context: ChannelHandlerContext
    ) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: response.contentType)
        headers.add(name: "Cache-Control", value: "no-store")
        for (name, value) in response.headers { headers.add(name: name, value: value) }
        // A chunked body needs HTTP/1.1; an HTTP/1.0 client reads to the close instead.
        let keepAlive = request.isKeepAlive && request.version == .http1_1
        switch response.body {
        case .bytes(let bytes):
            headers.add(name: "Content-Length", value: "\(bytes.count)")
            if !request.isKeepAlive { headers.add(name: "Connection", value: "close") }
            writeHead(response.status, headers, request, context)
            if request.method != .HEAD && !bytes.isEmpty {
                context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: bytes)))), promise: nil)
            }
            finish(keepAlive: request.isKeepAlive, context: context)
        case .snapshot(let snapshot):
            if !keepAlive { headers.add(name: "Connection", value: "close") }
            writeHead(response.status, headers, request, context)
            guard request.method != .HEAD else { return finish(keepAlive: keepAlive, context: context) }
            context.flush()
            writeSnapshot(snapshot, keepAlive: keepAlive, context: context)
        case .stream(let after, let author):
            headers.add(name: "Connection", value: "close")
            writeHead(response.status, headers, request, context)
            context.flush()
            let client = StreamClient(channel: context.channel, author: author, limit: streamBufferBytes)
            state = .streaming(client)
            hub.join(client, after: after)
        }
    }

    private func writeHead(
        _ status: Int, _ headers: HTTPHeaders, _ request: HTTPRequestHead, _ context: ChannelHandlerContext
    ) {
        let head = HTTPResponseHead(
            version: request.version, status: HTTPResponseStatus(statusCode: status), headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
    }

    /// Ends the response; closes the connection unless it is kept alive, else waits for the next.
    private func finish(keepAlive: Bool, context: ChannelHandlerContext) {
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
            if !keepAlive { channel.close(promise: nil) }
        }
        state = .idle
    }

    /// Encodes the snapshot document off the loop, one 64 KiB chunk at a time, each written as it
    /// is made, then ends the response.
    private func writeSnapshot(_ snapshot: Snapshot, keepAlive: Bool, context: ChannelHandlerContext) {
        let channel = context.channel
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        Self.work.async {
            try? SnapshotJSONEncoder().write(snapshot) { chunk in
                channel.write(
                    HTTPServerResponsePart.body(.byteBuffer(ByteBuffer(bytes: chunk))), promise: nil)
            }
            channel.eventLoop.execute {
                let (handler, context) = bound.value
                context.write(
                    handler.wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: [0x0A])))), promise: nil)
                handler.finish(keepAlive: keepAlive, context: context)
            }
        }
    }
}
