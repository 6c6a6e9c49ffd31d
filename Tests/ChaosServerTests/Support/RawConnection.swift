import NIOCore
import NIOPosix
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Everything one raw TCP connection received, and how it ended.
struct RawReply: Sendable {
    /// How the connection ended.
    enum Ending: Sendable, Equatable {
        /// Still open (a snapshot taken mid-flight).
        case open
        /// The server closed it cleanly (FIN).
        case closed
        /// The server reset it (ECONNRESET).
        case reset
        /// Some other socket error.
        case error(String)
        /// The test gave up waiting and closed it.
        case timedOut
    }

    /// The received bytes, up to the connection's keep limit.
    var bytes: [UInt8] = []
    /// All bytes received, including those beyond the keep limit.
    var totalBytes = 0
    /// When each read arrived and how many bytes had arrived by then.
    var arrivals: [(total: Int, at: ContinuousClock.Instant)] = []
    /// How it ended.
    var ending: Ending = .open
}

/// A raw client connection over NIO, so tests see exactly the bytes (and the RSTs) the server sends.
final class RawConnection: Sendable {
    private final class Collector: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let reply = Mutex(RawReply())
        let keep: Int
        let done: EventLoopPromise<Void>

        init(keep: Int, done: EventLoopPromise<Void>) {
            self.keep = keep
            self.done = done
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let buffer = unwrapInboundIn(data)
            let now = ContinuousClock.now
            reply.withLock { reply in
                let room = keep - reply.bytes.count
                if room > 0 { reply.bytes += buffer.readableBytesView.prefix(room) }
                reply.totalBytes += buffer.readableBytes
                reply.arrivals.append((reply.totalBytes, now))
            }
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            reply.withLock { reply in
                guard reply.ending == .open else { return }
                if let io = error as? IOError, io.errnoCode == ECONNRESET {
                    reply.ending = .reset
                } else {
                    reply.ending = .error("\(error)")
                }
            }
            context.close(promise: nil)
        }

        func channelInactive(context: ChannelHandlerContext) {
            reply.withLock { reply in
                if reply.ending == .open { reply.ending = .closed }
            }
            done.succeed()
        }
    }

    private let channel: any Channel
    private let collector: Collector
    private let gaveUp = Mutex(false)

    private init(channel: any Channel, collector: Collector) {
        self.channel = channel
        self.collector = collector
    }

    /// Connects to `127.0.0.1:port`, keeping at most `keep` received bytes (the rest are counted).
    static func open(port: Int, keep: Int = 1 << 20, autoRead: Bool = true) async throws -> RawConnection {
        let group = MultiThreadedEventLoopGroup.singleton
        let loop = group.next()
        let collector = Collector(keep: keep, done: loop.makePromise())
        let bootstrap = ClientBootstrap(group: loop)
            .channelOption(.autoRead, value: autoRead)
            .channelOption(.allowRemoteHalfClosure, value: false)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(collector)
                }
            }
        do {
            let channel = try await bootstrap.connect(host: "127.0.0.1", port: port).get()
            return RawConnection(channel: channel, collector: collector)
        } catch {
            collector.done.succeed()  // NIO traps on promises that are never completed.
            throw error
        }
    }

    /// Sends `text` as is.
    func send(_ text: String) async throws {
        try await send(Array(text.utf8))
    }

    /// Sends `bytes` as is.
    func send(_ bytes: [UInt8]) async throws {
        var buffer = channel.allocator.buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        try await channel.writeAndFlush(buffer).get()
    }

    /// What has arrived so far.
    var snapshot: RawReply { collector.reply.withLock { $0 } }

    /// Starts reading (for a connection opened with `autoRead: false`).
    func startReading() async throws {
        try await channel.setOption(.autoRead, value: true).get()
        channel.read()
    }

    /// Waits until the server ends the connection, or closes it after `timeout` (ending `.timedOut`).
    func finish(timeout: Duration = .seconds(10)) async -> RawReply {
        let timer = channel.eventLoop.scheduleTask(in: .nanoseconds(timeout.nanoseconds)) { [self] in
            gaveUp.withLock { $0 = true }
            channel.close(promise: nil)
        }
        try? await collector.done.futureResult.get()
        timer.cancel()
        var reply = snapshot
        if gaveUp.withLock({ $0 }), reply.ending == .closed { reply.ending = .timedOut }
        return reply
    }

    /// Closes the connection from the client side.
    func close() async {
        try? await channel.close()
    }

    /// Sends a `GET` (or `method`) for `target` with `Connection: close` and waits for the whole reply.
    static func request(
        _ target: String, port: Int, method: String = "GET", headers: [String] = [], body: String = "",
        keep: Int = 1 << 20, timeout: Duration = .seconds(10)
    ) async throws -> RawReply {
        let connection = try await open(port: port, keep: keep)
        var text = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        for header in headers { text += header + "\r\n" }
        if !body.isEmpty { text += "Content-Length: \(body.utf8.count)\r\n" }
        text += "\r\n" + body
        try await connection.send(text)
        return await connection.finish(timeout: timeout)
    }
}

extension Duration {
    fileprivate var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
