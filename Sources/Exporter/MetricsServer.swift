public import Monitor
import NIOCore
import NIOHTTP1
import NIOPosix

/// A small HTTP/1.1 server for `ethotop serve`: `/metrics` (Prometheus text), `/snapshot.json`
/// and `/healthz`, read from any ``SnapshotSource``.
///
/// SwiftNIO on one event-loop thread of its own — scrapes are rare and cheap, and keeping NIO
/// out of `Monitor` keeps the engine free of it. Every request reads the source's latest
/// snapshot, which never blocks the engine. Every bound of ``BoundedServerConfiguration``
/// applies: a connection cap, an idle timeout, and backpressure towards clients that do not read.
public final class MetricsServer: Sendable {
    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel

    /// The address actually bound (with the real port when 0 was asked for).
    public let boundAddress: ListenAddress
    /// The bounds in force.
    public let configuration: BoundedServerConfiguration
    /// Connections held now and refused so far.
    public let connections: ConnectionGauge

    private init(
        group: MultiThreadedEventLoopGroup, channel: any Channel, boundAddress: ListenAddress,
        configuration: BoundedServerConfiguration, connections: ConnectionGauge
    ) {
        self.group = group
        self.channel = channel
        self.boundAddress = boundAddress
        self.configuration = configuration
        self.connections = connections
    }

    /// Binds `address` and starts serving `router`'s routes.
    ///
    /// - Throws: The bind error (address in use, permission denied, unknown host); nothing is
    ///   left running when it throws.
    public static func start(
        address: ListenAddress, router: MetricsRouter,
        configuration: BoundedServerConfiguration = BoundedServerConfiguration()
    ) async throws -> MetricsServer {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let gauge = ConnectionGauge(limit: configuration.maxConnections)
        let router = {
            var router = router
            router.listener = gauge
            return router
        }()
        let bootstrap = ServerBootstrap(group: group)
            .bounded(configuration, gauge: gauge)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    try pipeline.configureBoundedHTTPServerPipeline(configuration)
                    try pipeline.addHandler(MetricsHTTPHandler(router: router))
                }
            }
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
        do {
            let channel = try await bootstrap.bind(host: address.host, port: address.port).get()
            let port = channel.localAddress?.port ?? address.port
            return MetricsServer(
                group: group, channel: channel, boundAddress: ListenAddress(host: address.host, port: port),
                configuration: configuration, connections: gauge)
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
    }

    /// Starts serving `source` on `address` with the default routes.
    public static func start(
        address: ListenAddress, source: any SnapshotSource,
        configuration: BoundedServerConfiguration = BoundedServerConfiguration()
    ) async throws -> MetricsServer {
        try await start(address: address, router: MetricsRouter(source: source), configuration: configuration)
    }

    /// Stops accepting, closes open connections and joins the event-loop thread.
    public func stop() async {
        try? await channel.close()
        try? await group.shutdownGracefully()
    }
}
