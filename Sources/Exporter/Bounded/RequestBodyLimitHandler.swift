public import NIOCore
public import NIOHTTP1

/// Answers `413 Content Too Large` and closes the connection when a request body exceeds a bound.
///
/// The HTTP decoder already bounds a request's head (NIOHTTP1 refuses more than 80 KiB of
/// headers); this bounds the body, for listeners whose routes read one. Parts of a request within
/// the bound pass unchanged; after the bound nothing more of the connection is passed on.
public final class RequestBodyLimitHandler: ChannelInboundHandler, RemovableChannelHandler {
    /// Request parts from NIOHTTP1's decoder.
    public typealias InboundIn = HTTPServerRequestPart
    /// The same parts, while the body is within the bound.
    public typealias InboundOut = HTTPServerRequestPart
    /// The `413` it answers with.
    public typealias OutboundOut = HTTPServerResponsePart

    /// The refusal's media type and body for a limit: listeners whose errors are JSON (the
    /// agent's control API) answer in kind.
    public typealias Answer = @Sendable (_ maxBodyBytes: Int) -> (contentType: String, body: String)

    /// A plain-text refusal.
    public static let plainText: Answer = { limit in
        ("text/plain; charset=utf-8", "request body larger than \(limit) bytes\n")
    }

    private let maxBodyBytes: Int
    private let answer: Answer
    private var received = 0
    private var refused = false

    /// A handler refusing bodies of more than `maxBodyBytes` bytes with `answer`.
    public init(maxBodyBytes: Int, answer: @escaping Answer = RequestBodyLimitHandler.plainText) {
        self.maxBodyBytes = maxBodyBytes
        self.answer = answer
    }

    /// Counts body bytes; refuses the request when a declared or received body is over the bound.
    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !refused else { return }
        switch unwrapInboundIn(data) {
        case .head(let head):
            received = 0
            if let length = head.headers.first(name: "content-length").flatMap(Int.init),
                length > maxBodyBytes
            {
                refuse(context: context, version: head.version)
                return
            }
        case .body(let body):
            received += body.readableBytes
            if received > maxBodyBytes {
                refuse(context: context, version: .http1_1)
                return
            }
        case .end:
            break
        }
        context.fireChannelRead(data)
    }

    private func refuse(context: ChannelHandlerContext, version: HTTPVersion) {
        refused = true
        let (contentType, message) = answer(maxBodyBytes)
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: contentType)
        headers.add(name: "Content-Length", value: "\(message.utf8.count)")
        headers.add(name: "Connection", value: "close")
        let head = HTTPResponseHead(version: version, status: .payloadTooLarge, headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(
            wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: message)))),
            promise: nil)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
    }
}
