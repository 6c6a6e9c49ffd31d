import NIOCore
import NIOHTTP1
import Synchronization

/// One `/v1/stream` connection: lines are queued on its channel, and the bytes NIO still holds
/// for it are counted, so a client that stops reading is dropped once its buffer passes
/// ``limit`` instead of growing the agent.
final class StreamClient: Sendable {
    /// Bytes queued and not yet written to the socket, and whether the client was dropped.
    private struct Queue {
        var pending = 0
        var dropped = false
    }

    let channel: any Channel
    /// Who it is, for the event reporting a drop (`root (pid 4242)`).
    let author: String
    /// The most bytes it may have queued.
    let limit: Int
    private let queue = Mutex(Queue())

    init(channel: any Channel, author: String, limit: Int) {
        self.channel = channel
        self.author = author
        self.limit = limit
    }

    /// Bytes queued now.
    var pending: Int { queue.withLock { $0.pending } }

    /// Queues `buffers` (complete lines) and flushes; returns the bytes that were already
    /// queued if this overflowed the limit and the client was dropped (its connection closed),
    /// else `nil`. Safe from any thread: the writes happen on the channel's event loop, in order.
    func send(_ buffers: [ByteBuffer]) -> Int? {
        let total = buffers.reduce(0) { $0 + $1.readableBytes }
        let overflow = queue.withLock { queue -> Int? in
            if queue.dropped { return nil }
            if queue.pending + total > limit {
                queue.dropped = true
                return queue.pending
            }
            queue.pending += total
            return nil
        }
        if overflow != nil {
            channel.close(promise: nil)
            return overflow
        }
        if queue.withLock({ $0.dropped }) { return nil }
        let channel = self.channel
        channel.eventLoop.execute {
            for buffer in buffers {
                let size = buffer.readableBytes
                let written = channel.eventLoop.makePromise(of: Void.self)
                written.futureResult.whenComplete { _ in self.queue.withLock { $0.pending -= size } }
                channel.write(HTTPServerResponsePart.body(.byteBuffer(buffer)), promise: written)
            }
            channel.flush()
        }
        return nil
    }
}
