public import NIOCore

/// A server-channel handler that closes accepted connections above a ``ConnectionGauge``'s cap.
///
/// Every open connection costs a file descriptor, which the process shares with the prober: a
/// listener that accepts without bound lets any client that opens idle connections starve the
/// probes (and trip breakers of healthy services). Installed on the *server* channel, ahead of
/// the bootstrap's own accept handler, it sees each accepted connection before it is set up or
/// registered: one over the cap is closed at once (the client reads EOF or a reset), one under
/// it holds a slot until its channel closes.
public final class ConnectionLimitHandler: ChannelInboundHandler, RemovableChannelHandler {
    /// An accepted connection's channel, not yet set up.
    public typealias InboundIn = any Channel
    /// The same channel, when admitted.
    public typealias InboundOut = any Channel

    private let gauge: ConnectionGauge

    /// A handler admitting connections through `gauge`.
    public init(gauge: ConnectionGauge) { self.gauge = gauge }

    /// Admits the accepted connection (it holds a slot until it closes) or closes it at once.
    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let child = unwrapInboundIn(data)
        guard gauge.tryAdmit() else {
            child.close(promise: nil)
            return
        }
        let gauge = self.gauge
        child.closeFuture.whenComplete { _ in gauge.release() }
        context.fireChannelRead(data)
    }
}
