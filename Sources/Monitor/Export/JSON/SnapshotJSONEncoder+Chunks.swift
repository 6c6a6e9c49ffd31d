public import Foundation

extension SnapshotJSONEncoder {
    /// The JSON snapshot document in chunks of about `chunkBytes`, encoded only as each chunk is
    /// asked for: the bytes of ``encode(_:)``, one endpoint at a time.
    ///
    /// For writers that must wait between chunks (a socket that is not writable): the peak is one
    /// chunk and one endpoint however large the snapshot, and nothing is encoded ahead of the
    /// reader. ``write(_:chunkBytes:to:)`` is the push form of the same sequence.
    public func chunks(of snapshot: Snapshot, chunkBytes: Int = 64 * 1024) throws -> Chunks {
        try Chunks(snapshot, encoder: self, chunkBytes: chunkBytes)
    }

    /// The chunks of one snapshot document; see ``SnapshotJSONEncoder/chunks(of:chunkBytes:)``.
    public struct Chunks {
        private let snapshot: Snapshot
        private let jsonEncoder: JSONEncoder
        private let pretty: Bool
        private let chunkBytes: Int
        private let limiters: [String: RateLimitSnapshot]
        /// Bytes encoded and not yet returned.
        private var pending: Data
        /// What follows the last endpoint; nil once appended.
        private var tail: Data?
        /// The next endpoint to encode (all done when there is no list to fill).
        private var index = 0
        private let endpointCount: Int

        /// With `line`, the chunks of a `watch` snapshot line instead (compact, with `"type"`).
        init(_ snapshot: Snapshot, encoder: SnapshotJSONEncoder, chunkBytes: Int, line: Bool = false) throws {
            self.snapshot = snapshot
            self.pretty = encoder.pretty && !line
            self.chunkBytes = max(1, chunkBytes)
            jsonEncoder = encoder.makeEncoder(forLine: line)
            limiters = SnapshotDTO.limitersByName(snapshot)
            let shell =
                line
                ? try jsonEncoder.encode(SnapshotLineDTO(SnapshotDTO(shellOf: snapshot)))
                : try jsonEncoder.encode(SnapshotDTO(shellOf: snapshot))
            let emptyList = Data((pretty ? "\"endpoints\" : [\n\n  ]" : "\"endpoints\":[]").utf8)
            // "endpoints" sorts first among the document's keys, and a quote inside a JSON string
            // is escaped, so the first match is the top-level list.
            if snapshot.endpoints.isEmpty {
                (pending, tail, endpointCount) = (shell, Data(), 0)
            } else if let list = shell.range(of: emptyList) {
                pending = Data(shell[..<list.lowerBound])
                pending.append(contentsOf: (pretty ? "\"endpoints\" : [\n" : "\"endpoints\":[").utf8)
                var tail = Data((pretty ? "\n  ]" : "]").utf8)
                tail.append(shell[list.upperBound...])
                self.tail = tail
                endpointCount = snapshot.endpoints.count
            } else {
                let whole = line ? Data(try encoder.line(for: snapshot).utf8) : try encoder.encode(snapshot)
                (pending, tail, endpointCount) = (whole, Data(), 0)
            }
        }

        /// The next chunk, or nil after the last.
        public mutating func next() throws -> Data? {
            while index < endpointCount {
                if index > 0 { pending.append(contentsOf: (pretty ? ",\n" : ",").utf8) }
                let element = try jsonEncoder.encode(
                    EndpointDTO(snapshot.endpoints[index], limiters: limiters))
                index += 1
                if pretty {
                    SnapshotJSONEncoder.appendIndented(element, by: 4, to: &pending)
                } else {
                    pending.append(element)
                }
                if pending.count >= chunkBytes { return take() }
            }
            guard let tail else { return nil }
            self.tail = nil
            pending.append(tail)
            return take()
        }

        private mutating func take() -> Data {
            defer { pending = Data() }
            return pending
        }
    }
}
