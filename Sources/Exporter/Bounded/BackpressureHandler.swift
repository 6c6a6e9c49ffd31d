public import NIOCore

/// Stops reading from a connection while its outbound buffer is over the high water mark, and
/// holds back what was already read until it drains.
///
/// A client that sends requests without reading the answers (HTTP pipelining, or any
/// request/response protocol) would otherwise make the server queue answers in memory without
/// bound. With this handler between the protocol decoder and the application, the application
/// only sees a message while the channel is writable, and no `read()` reaches the socket while it
/// is not, so the kernel's receive buffer fills and TCP flow control stops the client. What is
/// held is at most what one read decoded. The bound itself is the channel's
/// `writeBufferWaterMark` (set by ``BoundedServerConfiguration``).
public final class BackpressureHandler: ChannelDuplexHandler, RemovableChannelHandler {
    /// Any message: the handler only decides when it passes.
    public typealias InboundIn = NIOAny
    /// The same message, unchanged.
    public typealias InboundOut = NIOAny
    /// Writes pass through untouched.
    public typealias OutboundIn = NIOAny
    /// The same write, unchanged.
    public typealias OutboundOut = NIOAny

    private var held: CircularBuffer<NIOAny> = []
    private var readPending = false
    private var readCompletePending = false

    /// A handler; it has no settings of its own.
    public init() {}

    /// Passes `data` on while the channel is writable and nothing is held; holds it otherwise.
    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if held.isEmpty && context.channel.isWritable {
            context.fireChannelRead(data)
        } else {
            held.append(data)
        }
    }

    /// Passes the end of a read on once what it brought has been passed on.
    public func channelReadComplete(context: ChannelHandlerContext) {
        if held.isEmpty {
            context.fireChannelReadComplete()
        } else {
            readCompletePending = true
        }
    }

    /// Lets a read reach the socket only while the channel is writable and nothing is held.
    public func read(context: ChannelHandlerContext) {
        if held.isEmpty && context.channel.isWritable {
            context.read()
        } else {
            readPending = true
        }
    }

    /// Releases what was held, and a pending read, once the channel is writable again.
    public func channelWritabilityChanged(context: ChannelHandlerContext) {
        context.fireChannelWritabilityChanged()
        release(context: context)
    }

    /// Drops what was held: nobody can be answered any more.
    public func channelInactive(context: ChannelHandlerContext) {
        held.removeAll()
        readPending = false
        context.fireChannelInactive()
    }

    /// Passes on what was held while the channel stays writable, then a pending read.
    private func release(context: ChannelHandlerContext) {
        while context.channel.isWritable, let next = held.popFirst() {
            context.fireChannelRead(next)
        }
        guard held.isEmpty, context.channel.isWritable else { return }
        if readCompletePending {
            readCompletePending = false
            context.fireChannelReadComplete()
        }
        if readPending {
            readPending = false
            context.read()
        }
    }
}
