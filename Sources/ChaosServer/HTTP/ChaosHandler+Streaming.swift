import NIOCore

/// The state of a body streamed under back-pressure (`/huge`) or dripped on a timer (`/drip`).
struct BodyStream {
    /// Body bytes still to send.
    var remaining: Int
    /// Whether the body is chunk-encoded (no `Content-Length`).
    var chunked: Bool
    /// Whether the connection stays open after the body.
    var keepAlive: Bool
    /// Bytes handed to NIO whose writes have not yet reached the socket.
    var buffered = 0
    /// Whether a timer paces the body (`/drip`); the back-pressure pump leaves such bodies alone.
    var paced = false
    /// Guards against re-entering the pump from a writability change raised inside a flush.
    var pumping = false
}

/// A shared block of body bytes: every chunk of `/huge` is a slice of the same storage, so a
/// 64 MiB body costs one 64 KiB allocation, not 64 MiB.
enum BodyPattern {
    /// The chunk size used for streaming.
    static let chunkSize = 64 * 1024

    /// `abc…xyz` repeated: printable, so a body prefix is readable in a detail pane.
    static let block: ByteBuffer = {
        var buffer = ByteBufferAllocator().buffer(capacity: chunkSize)
        for index in 0..<chunkSize { buffer.writeInteger(UInt8(ascii: "a") + UInt8(index % 26)) }
        return buffer
    }()
}

extension ChaosHandler {
    /// Sends `response`'s head, then streams `bytes` of body as fast as the client reads them.
    func startStream(
        _ response: ChaosResponse, bytes: Int, chunked: Bool, for request: ChaosRequest,
        _ context: ChannelHandlerContext
    ) {
        var head = response
        if chunked { head.add("Transfer-Encoding", "chunked") }
        write(context, head.head(keepAlive: request.keepAlive, contentLength: bytes), flush: false)
        let isHead = request.method == .HEAD
        stream = BodyStream(
            remaining: isHead ? 0 : bytes, chunked: chunked && !isHead, keepAlive: request.keepAlive)
        pump(context)
    }

    /// Writes chunks while the channel is writable; `channelWritabilityChanged` calls it again.
    ///
    /// At most one chunk beyond NIO's high water mark is ever held in user space, whatever the
    /// body size: that bound is what `peakBufferedBytes` lets the tests check.
    func pump(_ context: ChannelHandlerContext) {
        guard var current = stream, !current.pumping, !current.paced else { return }
        current.pumping = true
        stream = current
        while let now = stream, now.remaining > 0, context.channel.isActive {
            guard context.channel.isWritable else {
                state.noteWritePause()
                break
            }
            let size = min(now.remaining, BodyPattern.chunkSize)
            stream?.remaining -= size
            sendChunk(
                context, BodyPattern.block.getSlice(at: 0, length: size) ?? ByteBuffer(), chunked: now.chunked
            )
            context.flush()
        }
        stream?.pumping = false
        if let done = stream, done.remaining == 0 { endStream(context) }
    }

    /// Writes one chunk (with chunk framing when asked), accounting for it until it reaches the socket.
    private func sendChunk(_ context: ChannelHandlerContext, _ chunk: ByteBuffer, chunked: Bool) {
        let size = chunk.readableBytes
        if chunked { write(context, Array("\(String(size, radix: 16))\r\n".utf8), flush: false) }
        stream?.buffered += size
        state.noteBuffered(bytes: stream?.buffered ?? 0)
        write(context, chunk, flush: false).assumeIsolated().whenComplete { [self] _ in
            stream?.buffered -= size
        }
        if chunked { write(context, [13, 10], flush: false) }
    }

    /// Finishes a streamed or dripped body: the last chunk, then the next request or a close.
    private func endStream(_ context: ChannelHandlerContext) {
        guard let done = stream else { return }
        stream = nil
        let trailer: [UInt8] = done.chunked ? Array("0\r\n\r\n".utf8) : []
        if done.keepAlive {
            write(context, trailer, flush: true)
            finished(context)
        } else {
            writeThenClose(context, trailer)
        }
    }

    /// Sends `response`'s head, then `chunk` bytes every `interval` until `bytes` are out.
    func startDrip(
        _ response: ChaosResponse, bytes: Int, chunk: Int, interval: TimeAmount, chunked: Bool,
        for request: ChaosRequest, _ context: ChannelHandlerContext
    ) {
        var head = response
        if chunked { head.add("Transfer-Encoding", "chunked") }
        write(context, head.head(keepAlive: request.keepAlive, contentLength: bytes), flush: true)
        let isHead = request.method == .HEAD
        stream = BodyStream(
            remaining: isHead ? 0 : bytes, chunked: chunked && !isHead, keepAlive: request.keepAlive,
            paced: true)
        drip(context, chunk: chunk, interval: interval)
    }

    private func drip(_ context: ChannelHandlerContext, chunk: Int, interval: TimeAmount) {
        guard let current = stream else { return }
        guard current.remaining > 0 else { return endStream(context) }
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: interval) { [self] in
            timer = nil
            guard let now = stream, context.channel.isActive else { return }
            let size = min(now.remaining, chunk)
            stream?.remaining -= size
            var bytes = ByteBuffer()
            bytes.writeRepeatingByte(UInt8(ascii: "."), count: size)
            sendChunk(context, bytes, chunked: now.chunked)
            context.flush()
            drip(context, chunk: chunk, interval: interval)
        }
    }
}
