import NIOCore
import NIOHTTP1

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The per-connection handler: collects each request, asks the router what to do, and does it.
///
/// It writes raw bytes (see ``ChaosResponse``) so it can misbehave in ways an HTTP encoder would
/// not allow. Requests are answered strictly in order (HTTP/1.1 pipelining is honoured by
/// queueing); every timer it starts is cancelled when the connection goes away, so a closed or
/// stopped connection leaves nothing scheduled behind. Lives on one event loop and is never shared.
final class ChaosHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = ByteBuffer

    let state: ChaosState
    let router: ChaosRouter

    /// The request whose parts are arriving.
    private var receiving: ChaosRequest?
    /// Fully received requests waiting for the one in progress to be answered.
    private var waiting: [ChaosRequest] = []
    /// Whether a response is in progress (or the connection is deliberately hanging).
    private var busy = false
    /// Set once the connection is closing or closed: nothing more is read or written.
    private var closing = false
    /// The timer of a delayed response or a drip, cancelled when the connection goes away.
    var timer: Scheduled<Void>?
    /// The body being streamed, if any.
    var stream: BodyStream?

    /// A handler sharing `state`.
    init(state: ChaosState) {
        self.state = state
        self.router = ChaosRouter(state: state)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !closing else { return }
        switch unwrapInboundIn(data) {
        case .head(let head):
            let request = ChaosRequest(head: head)
            state.countRequest(path: request.path)
            // Only when nothing else is being written: an interim response must not land inside another.
            let expectsContinue = head.headers["expect"].contains { $0.lowercased() == "100-continue" }
            if expectsContinue, !busy, waiting.isEmpty {
                write(context, Array("HTTP/1.1 100 Continue\r\n\r\n".utf8), flush: true)
            }
            receiving = request
        case .body(let part):
            receiving?.append(body: part.readableBytesView)
        case .end:
            guard let request = receiving else { return }
            receiving = nil
            waiting.append(request)
            startNext(context)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        tearDown()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        tearDown()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { pump(context) }
        context.fireChannelWritabilityChanged()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard !closing else { return }
        if error is HTTPParserError, !busy {
            // A client that does not speak HTTP gets one honest 400 and a close.
            let response = ChaosResponse(status: 400, body: "bad request\n")
            closing = true
            let bytes = response.head(keepAlive: false, contentLength: response.body.count) + response.body
            writeThenClose(context, bytes)
        } else {
            closing = true
            context.close(promise: nil)
        }
    }

    private func tearDown() {
        closing = true
        timer?.cancel()
        timer = nil
        stream = nil
        waiting.removeAll()
    }

    // MARK: Dispatch

    private func startNext(_ context: ChannelHandlerContext) {
        guard !busy, !closing, !waiting.isEmpty else { return }
        let request = waiting.removeFirst()
        busy = true
        perform(router.behaviour(for: request), for: request, context)
    }

    private func perform(
        _ behaviour: ChaosBehaviour, for request: ChaosRequest, _ context: ChannelHandlerContext
    ) {
        switch behaviour {
        case .respond(let response, let delay):
            if delay <= .zero {
                respond(response, to: request, context)
            } else {
                timer = context.eventLoop.assumeIsolated().scheduleTask(in: delay) { [self] in
                    timer = nil
                    respond(response, to: request, context)
                }
            }
        case .hang:
            break  // Read, counted, never answered: no timer, no thread, just an open socket.
        case .resetMidBody(let response, let partial, let delay):
            closing = true
            let bytes = response.head(keepAlive: true, contentLength: response.body.count)
            let future = write(context, bytes + response.body.prefix(partial), flush: true)
            future.assumeIsolated().whenComplete { [self] _ in
                guard context.channel.isActive else { return }
                timer = context.eventLoop.assumeIsolated().scheduleTask(in: delay) { [self] in
                    timer = nil
                    reset(context)
                }
            }
        case .resetBeforeResponse:
            closing = true
            reset(context)
        case .close:
            closing = true
            context.close(promise: nil)
        case .garbage(let bytes):
            closing = true
            writeThenClose(context, bytes)
        case .stream(let response, let bytes, let chunked):
            startStream(response, bytes: bytes, chunked: chunked, for: request, context)
        case .drip(let response, let bytes, let chunk, let interval, let chunked):
            startDrip(
                response, bytes: bytes, chunk: chunk, interval: interval, chunked: chunked, for: request,
                context)
        }
    }

    // MARK: Writing

    /// Writes a complete response and moves on to the next request (or closes).
    private func respond(
        _ response: ChaosResponse, to request: ChaosRequest, _ context: ChannelHandlerContext
    ) {
        guard !closing else { return }
        let body = response.forbidsBody ? [] : response.body
        var bytes = response.head(keepAlive: request.keepAlive, contentLength: body.count)
        if request.method != .HEAD { bytes += body }
        if request.keepAlive {
            write(context, bytes, flush: true)
            finished(context)
        } else {
            closing = true
            writeThenClose(context, bytes)
        }
    }

    /// Marks the response in progress as done and starts the next queued request.
    func finished(_ context: ChannelHandlerContext) {
        busy = false
        startNext(context)
    }

    /// Writes `bytes`, optionally flushing, and returns the write's future.
    @discardableResult
    func write(_ context: ChannelHandlerContext, _ bytes: some Collection<UInt8>, flush: Bool)
        -> EventLoopFuture<Void>
    {
        var buffer = context.channel.allocator.buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        return write(context, buffer, flush: flush)
    }

    /// Writes `buffer`, optionally flushing, and returns the write's future.
    @discardableResult
    func write(_ context: ChannelHandlerContext, _ buffer: ByteBuffer, flush: Bool) -> EventLoopFuture<Void> {
        let promise = context.eventLoop.makePromise(of: Void.self)
        context.write(wrapOutboundOut(buffer), promise: promise)
        if flush { context.flush() }
        return promise.futureResult
    }

    /// Writes `bytes` and closes once they have reached the socket (closing earlier would drop them).
    func writeThenClose(_ context: ChannelHandlerContext, _ bytes: some Collection<UInt8>) {
        closing = true
        write(context, bytes, flush: true).assumeIsolated().whenComplete { _ in
            context.close(promise: nil)
        }
    }

    /// Aborts the connection with a TCP RST: `SO_LINGER` with a zero timeout, then close.
    func reset(_ context: ChannelHandlerContext) {
        closing = true
        if let provider = context.channel as? any SocketOptionProvider {
            _ = provider.setSoLinger(linger(l_onoff: 1, l_linger: 0))
        }
        context.close(promise: nil)
    }
}
