import Foundation
import Monitor
import NIOCore
import NIOHTTP1

/// The channel handler behind ``MetricsServer``: one response per request, keep-alive honoured,
/// request bodies discarded.
///
/// It runs behind the bounds of ``BoundedServerConfiguration`` (one request at a time, none while
/// the connection is not writable), and writes a snapshot document only as fast as the client
/// reads it: a chunk while the channel is writable, the next when it is writable again. The
/// document is encoded twice, once to measure it for `Content-Length` and once to send it, so
/// no more than a chunk of it is ever held.
final class MetricsHTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    /// Bytes of a snapshot document encoded per write.
    static let chunkBytes = 32 * 1024

    private let router: MetricsRouter
    private var head: HTTPRequestHead?
    /// The document being sent, and whether to close the connection after it.
    private var streaming: (chunks: SnapshotJSONEncoder.Chunks, keepAlive: Bool)?

    init(router: MetricsRouter) { self.router = router }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
        case .body:
            break  // no route takes a body; the pipeline bounds what it passes on
        case .end:
            guard let head else { return }
            self.head = nil
            respond(to: head, context: context)
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable && streaming != nil { pump(context: context) }
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        streaming = nil
        context.fireChannelInactive()
    }

    private func respond(to request: HTTPRequestHead, context: ChannelHandlerContext) {
        var response = router.respond(method: request.method.rawValue, uri: request.uri)
        var length = response.body.count
        if let snapshot = response.snapshot {
            do {
                length = try Self.measure(snapshot) + 1
            } catch {
                response = MetricsRouter.Response(
                    status: 500, contentType: "text/plain; charset=utf-8",
                    body: Array("could not encode the snapshot\n".utf8))
                length = response.body.count
            }
        }
        let keepAlive = request.isKeepAlive
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: response.contentType)
        headers.add(name: "Content-Length", value: "\(length)")
        headers.add(name: "Cache-Control", value: "no-store")
        for (name, value) in response.headers { headers.add(name: name, value: value) }
        if !keepAlive { headers.add(name: "Connection", value: "close") }

        let status = HTTPResponseStatus(statusCode: response.status)
        context.write(
            wrapOutboundOut(
                .head(HTTPResponseHead(version: request.version, status: status, headers: headers))),
            promise: nil)
        if request.method != .HEAD, let snapshot = response.snapshot,
            let chunks = try? SnapshotJSONEncoder().chunks(of: snapshot, chunkBytes: Self.chunkBytes)
        {
            streaming = (chunks, keepAlive)
            pump(context: context)
            return
        }
        if request.method != .HEAD && !response.body.isEmpty {
            context.write(
                wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: response.body)))),
                promise: nil)
        }
        end(keepAlive: keepAlive, context: context)
    }

    /// Writes chunks of the document while the channel is writable; ends the response after the
    /// last. Called again when the channel becomes writable.
    private func pump(context: ChannelHandlerContext) {
        while context.channel.isWritable, var current = streaming {
            let chunk: Data?
            do {
                chunk = try current.chunks.next()
            } catch {
                // The length is promised: a short body must not look complete.
                streaming = nil
                context.close(promise: nil)
                return
            }
            streaming = current
            guard let chunk else {
                streaming = nil
                context.write(
                    wrapOutboundOut(
                        .body(.byteBuffer(context.channel.allocator.buffer(integer: UInt8(0x0A))))),
                    promise: nil)
                end(keepAlive: current.keepAlive, context: context)
                return
            }
            context.writeAndFlush(
                wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: chunk)))),
                promise: nil)
        }
    }

    private func end(keepAlive: Bool, context: ChannelHandlerContext) {
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
            if !keepAlive { channel.close(promise: nil) }
        }
    }

    /// The document's length, encoded once without keeping it.
    private static func measure(_ snapshot: Snapshot) throws -> Int {
        var chunks = try SnapshotJSONEncoder().chunks(of: snapshot, chunkBytes: chunkBytes)
        var total = 0
        while let chunk = try chunks.next() { total += chunk.count }
        return total
    }
}
