public import Monitor
import NIOCore
import NIOHTTP1
import NIOPosix

/// A small HTTP/1.1 server for `ethotop serve`: `/metrics` (Prometheus text), `/snapshot.json`
/// and `/healthz`, read from any ``SnapshotSource``.
///
/// SwiftNIO on one event-loop thread of its own — scrapes are rare and cheap, and keeping NIO
/// out of `Monitor` keeps the engine free of it. Every request reads the source's latest
/// snapshot, which never blocks the engine. Connections idle for ``idleTimeout`` are closed.
public final class MetricsServer: Sendable {
    /// How long a connection may sit idle before it is closed.
    public static let idleTimeout = Duration.seconds(60)

    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel

    /// The address actually bound (with the real port when 0 was asked for).
    public let boundAddress: ListenAddress

    private init(group: MultiThreadedEventLoopGroup, channel: any Channel, boundAddress: ListenAddress) {
        self.group = group
        self.channel = channel
        self.boundAddress = boundAddress
    }

    /// Binds `address` and starts serving `router`'s routes.
    ///
    /// - Throws: The bind error (address in use, permission denied, unknown host); nothing is
    ///   left running when it throws.
    public static func start(address: ListenAddress, router: MetricsRouter) async throws -> MetricsServer {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    try pipeline.configureHTTPServerPipeline(withErrorHandling: true)
                    try pipeline.addHandler(IdleStateHandler(allTimeout: TimeAmount(idleTimeout)))
                    try pipeline.addHandler(MetricsHTTPHandler(router: router))
                }
            }
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
        do {
            let channel = try await bootstrap.bind(host: address.host, port: address.port).get()
            let port = channel.localAddress?.port ?? address.port
            return MetricsServer(
                group: group, channel: channel, boundAddress: ListenAddress(host: address.host, port: port))
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
    }

    /// Starts serving `source` on `address` with the default routes.
    public static func start(address: ListenAddress, source: any SnapshotSource) async throws -> MetricsServer
    {
        try await start(address: address, router: MetricsRouter(source: source))
    }

    /// Stops accepting, closes open connections and joins the event-loop thread.
    public func stop() async {
        try? await channel.close()
        try? await group.shutdownGracefully()
    }
}
