public import NIOCore
public import NIOPosix
import NIOHTTP1

/// The bounds every listener of ethotop applies: connections, idleness, queued output, request size.
///
/// One value, with defaults fit for an exporter scraped every few seconds, and one place that
/// installs them on a `ServerBootstrap` (``ServerBootstrap/bounded(_:gauge:)``) and on an HTTP
/// child pipeline (``NIOCore/ChannelPipeline/SynchronousOperations/configureBoundedHTTPServerPipeline(_:)``),
/// so that a listener added later (the agent's control API, over TCP or a Unix socket) gets the
/// same guarantees by construction: no client can make it hold more than ``maxConnections``
/// descriptors, keep one for longer than ``idleTimeout`` without traffic, make it queue more than
/// about ``writeBufferHighWaterMark`` bytes of answers per connection, or send a body larger than
/// ``maxRequestBodyBytes``.
public struct BoundedServerConfiguration: Sendable, Equatable {
    /// Connections held at once by default (`serve.max_connections`, `--max-connections`).
    public static let defaultMaxConnections = 64
    /// How long a connection may be idle by default (`serve.idle_timeout`, `--idle-timeout`).
    public static let defaultIdleTimeout = Duration.seconds(30)

    /// Connections held at once; more are closed as soon as they are accepted.
    public var maxConnections: Int
    /// A connection with no read and no completed write for this long is closed.
    public var idleTimeout: Duration
    /// Connections the kernel queues before they are accepted (`listen(2)`'s backlog).
    public var backlog: Int
    /// Queued output per connection above which it stops being read (NIO's high water mark).
    public var writeBufferHighWaterMark: Int
    /// Queued output below which reading resumes.
    public var writeBufferLowWaterMark: Int
    /// Largest request body accepted (HTTP listeners); more is answered `413` and closed.
    public var maxRequestBodyBytes: Int

    /// A configuration; every bound has a default.
    public init(
        maxConnections: Int = Self.defaultMaxConnections, idleTimeout: Duration = Self.defaultIdleTimeout,
        backlog: Int = 64, writeBufferHighWaterMark: Int = 256 * 1024,
        writeBufferLowWaterMark: Int = 64 * 1024, maxRequestBodyBytes: Int = 64 * 1024
    ) {
        self.maxConnections = maxConnections
        self.idleTimeout = idleTimeout
        self.backlog = backlog
        self.writeBufferHighWaterMark = writeBufferHighWaterMark
        self.writeBufferLowWaterMark = writeBufferLowWaterMark
        self.maxRequestBodyBytes = maxRequestBodyBytes
    }

    /// The same configuration with ``maxConnections`` lowered to `cap` when it is above it.
    public func capped(at cap: Int) -> Self {
        var copy = self
        copy.maxConnections = max(1, min(maxConnections, cap))
        return copy
    }

    /// The write-buffer water marks as NIO takes them (low clamped to 1...high).
    var waterMark: ChannelOptions.Types.WriteBufferWaterMark {
        let high = max(1, writeBufferHighWaterMark)
        return .init(low: min(max(1, writeBufferLowWaterMark), high), high: high)
    }
}

extension ServerBootstrap {
    /// This bootstrap with `configuration`'s connection cap (counted by `gauge`), backlog and
    /// write-buffer water marks. Add the per-connection handlers in the child initializer:
    /// ``NIOCore/ChannelPipeline/SynchronousOperations/configureBoundedServerPipeline(_:)``, or its
    /// HTTP form.
    public func bounded(_ configuration: BoundedServerConfiguration, gauge: ConnectionGauge)
        -> ServerBootstrap
    {
        self.serverChannelOption(.backlog, value: Int32(clamping: configuration.backlog))
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ConnectionLimitHandler(gauge: gauge))
                }
            }
            .childChannelOption(.writeBufferWaterMark, value: configuration.waterMark)
    }
}

extension ChannelPipeline.SynchronousOperations {
    /// Adds the protocol-independent per-connection bounds: the idle timeout and backpressure.
    /// Call after the protocol's decoder, before the application's handler.
    public func configureBoundedServerPipeline(_ configuration: BoundedServerConfiguration) throws {
        try addHandler(IdleStateHandler(allTimeout: TimeAmount(configuration.idleTimeout)))
        try addHandler(IdleConnectionCloser())
        try addHandler(BackpressureHandler())
    }

    /// Adds NIOHTTP1's server pipeline (with pipelining assistance, so one request is answered at
    /// a time, and error handling) followed by every bound of `configuration`; the application's
    /// handler goes after it and sees `HTTPServerRequestPart`s.
    public func configureBoundedHTTPServerPipeline(
        _ configuration: BoundedServerConfiguration,
        tooLarge: @escaping RequestBodyLimitHandler.Answer = RequestBodyLimitHandler.plainText
    ) throws {
        try configureHTTPServerPipeline(withPipeliningAssistance: true, withErrorHandling: true)
        try configureBoundedServerPipeline(configuration)
        try addHandler(
            RequestBodyLimitHandler(maxBodyBytes: configuration.maxRequestBodyBytes, answer: tooLarge))
    }
}
