public import NIOCore

/// Closes a connection when the `IdleStateHandler` ahead of it reports it idle.
///
/// Paired with `IdleStateHandler(allTimeout:)` by ``BoundedServerConfiguration``: a connection
/// that neither sends nor completes a write for the idle timeout gives its slot back, so idle
/// clients cannot hold a listener's connections for ever. A client that stops reading also stops
/// our writes from completing, so it is idle too.
public final class IdleConnectionCloser: ChannelInboundHandler, RemovableChannelHandler {
    /// Messages pass through; only the idle event matters.
    public typealias InboundIn = NIOAny

    /// A closer.
    public init() {}

    /// Closes the connection on `IdleStateHandler.IdleStateEvent`; passes other events on.
    public func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }
}
