/// Cuts a byte stream into `\n`-terminated lines, holding at most `maxLineBytes` of an
/// unfinished line, so an agent that never sends a newline cannot grow a screen's memory.
public struct LineSplitter: Sendable {
    /// The longest line accepted, in bytes (the newline excluded).
    public let maxLineBytes: Int
    private var pending: [UInt8] = []

    /// A line exceeded ``maxLineBytes``.
    public struct LineTooLong: Error, Sendable, Equatable {
        /// The limit.
        public var limit: Int
    }

    /// A splitter accepting lines up to `maxLineBytes`.
    public init(maxLineBytes: Int) { self.maxLineBytes = max(1, maxLineBytes) }

    /// Bytes of an unfinished line held now.
    public var pendingBytes: Int { pending.count }

    /// Feeds `bytes`; hands each complete line (without `\n`, nor a `\r` before it) to `line`.
    public mutating func feed(
        _ bytes: some Collection<UInt8>, line: ([UInt8]) throws -> Void
    ) throws {
        var start = bytes.startIndex
        while let newline = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) {
            let piece = bytes[start..<newline]
            guard pending.count + piece.count <= maxLineBytes else { throw LineTooLong(limit: maxLineBytes) }
            var complete = pending
            pending = []
            complete.append(contentsOf: piece)
            if complete.last == UInt8(ascii: "\r") { complete.removeLast() }
            if !complete.isEmpty { try line(complete) }
            start = bytes.index(after: newline)
        }
        let rest = bytes[start...]
        guard pending.count + rest.count <= maxLineBytes else { throw LineTooLong(limit: maxLineBytes) }
        pending.append(contentsOf: rest)
    }

    /// Forgets an unfinished line (after the connection ended).
    public mutating func reset() { pending = [] }
}
