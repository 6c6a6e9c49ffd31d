public import Foundation

/// Encodes snapshots and events in the frozen JSON formats of docs/JSON.md.
///
/// The only place that chooses JSON options, so `snapshot --format json`, `/snapshot.json` and
/// `watch` cannot drift apart. Output is UTF-8 with keys sorted, so the same snapshot always
/// gives the same bytes (diffable, cacheable, testable); compact output never contains a
/// newline (JSON escapes control characters), so one value is one line for the JSON-lines stream.
public struct SnapshotJSONEncoder: Sendable {
    /// Whether to indent (for a human reading `snapshot --format json`).
    public var pretty: Bool

    /// An encoder; compact unless `pretty`.
    public init(pretty: Bool = false) { self.pretty = pretty }

    /// The JSON snapshot document.
    public func encode(_ snapshot: Snapshot) throws -> Data {
        try makeEncoder().encode(SnapshotDTO(snapshot))
    }

    /// Writes the JSON snapshot document to `sink` in chunks of about `chunkBytes`: the same bytes
    /// as ``encode(_:)``, but encoded one endpoint at a time.
    ///
    /// ``encode(_:)`` holds the whole document several times over while it works (the DTOs, the
    /// encoder's tree, the bytes): at 10,000 endpoints that was 80–100 MB on top of the engine, for
    /// 12 MB of pretty JSON. Here the peak is one chunk and one endpoint.
    ///
    /// - Parameter sink: takes each chunk; throwing stops the writing (e.g. the reader has gone).
    public func write(
        _ snapshot: Snapshot, chunkBytes: Int = 64 * 1024, to sink: (Data) throws -> Void
    ) throws {
        let encoder = makeEncoder()
        try write(
            snapshot, shell: try encoder.encode(SnapshotDTO(shellOf: snapshot)), encoder: encoder,
            chunkBytes: chunkBytes, whole: { try encode(snapshot) }, to: sink)
    }

    /// Writes one `{"type":"snapshot",…}` line (without the trailing newline) to `sink` in chunks
    /// of about `chunkBytes`: the same bytes as ``line(for:)-(Snapshot)``, one endpoint at a
    /// time, for streams that carry large estates (the agent's `/v1/stream`).
    public func writeLine(
        _ snapshot: Snapshot, chunkBytes: Int = 64 * 1024, to sink: (Data) throws -> Void
    ) throws {
        let encoder = makeEncoder(forLine: true)
        let shell = try encoder.encode(SnapshotLineDTO(SnapshotDTO(shellOf: snapshot)))
        try write(
            snapshot, shell: shell, encoder: encoder, chunkBytes: chunkBytes,
            whole: { Data(try line(for: snapshot).utf8) }, to: sink)
    }

    /// Splices the endpoints, encoded one at a time, into `shell` (the document with an empty
    /// endpoint list); `whole` is the fallback should the shell not have the expected shape.
    private func write(
        _ snapshot: Snapshot, shell: Data, encoder: JSONEncoder, chunkBytes: Int,
        whole: () throws -> Data, to sink: (Data) throws -> Void
    ) throws {
        let pretty = encoder.outputFormatting.contains(.prettyPrinted)
        let emptyList = Data((pretty ? "\"endpoints\" : [\n\n  ]" : "\"endpoints\":[]").utf8)
        // "endpoints" sorts first among the document's keys, and a quote inside a JSON string is
        // escaped, so the first match is the top-level list.
        guard let list = shell.range(of: emptyList) else {
            try sink(try whole())
            return
        }
        var buffer = Data(shell[..<list.lowerBound])
        let opening = pretty ? "\"endpoints\" : [\n" : "\"endpoints\":["
        if snapshot.endpoints.isEmpty {
            buffer.append(emptyList)
        } else {
            buffer.append(contentsOf: opening.utf8)
            let limiters = SnapshotDTO.limitersByName(snapshot)
            for (index, endpoint) in snapshot.endpoints.enumerated() {
                if index > 0 { buffer.append(contentsOf: (pretty ? ",\n" : ",").utf8) }
                let element = try encoder.encode(EndpointDTO(endpoint, limiters: limiters))
                if pretty {
                    Self.appendIndented(element, by: 4, to: &buffer)
                } else {
                    buffer.append(element)
                }
                if buffer.count >= chunkBytes {
                    try sink(buffer)
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            buffer.append(contentsOf: (pretty ? "\n  ]" : "]").utf8)
        }
        buffer.append(shell[list.upperBound...])
        try sink(buffer)
    }

    /// Appends `json` with `spaces` more indentation on every non-empty line (a JSON string never
    /// holds a raw newline, so every newline byte is a line break of the layout; the encoder
    /// writes an empty list as `[`, an empty line, `]`, and that line stays empty).
    private static func appendIndented(_ json: Data, by spaces: Int, to buffer: inout Data) {
        let indent = [UInt8](repeating: UInt8(ascii: " "), count: spaces)
        buffer.append(contentsOf: indent)
        var lineStart = json.startIndex
        while let newline = json[lineStart...].firstIndex(of: UInt8(ascii: "\n")) {
            buffer.append(json[lineStart...newline])
            lineStart = newline + 1
            if lineStart < json.endIndex && json[lineStart] != UInt8(ascii: "\n") {
                buffer.append(contentsOf: indent)
            }
        }
        buffer.append(json[lineStart...])
    }

    /// The JSON snapshot document as a string.
    public func string(_ snapshot: Snapshot) throws -> String {
        String(decoding: try encode(snapshot), as: UTF8.self)
    }

    /// One `{"type":"snapshot",…}` line for `watch`, without the trailing newline.
    public func line(for snapshot: Snapshot) throws -> String {
        String(
            decoding: try makeEncoder(forLine: true).encode(SnapshotLineDTO(SnapshotDTO(snapshot))),
            as: UTF8.self)
    }

    /// One `{"type":"event",…}` line for `watch`, without the trailing newline.
    public func line(for event: Event) throws -> String {
        String(decoding: try makeEncoder(forLine: true).encode(EventDTO(event)), as: UTF8.self)
    }

    private func makeEncoder(forLine: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        var formatting: JSONEncoder.OutputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        if pretty && !forLine { formatting.insert(.prettyPrinted) }
        encoder.outputFormatting = formatting
        return encoder
    }
}
