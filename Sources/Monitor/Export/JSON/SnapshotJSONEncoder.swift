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
        var chunks = try self.chunks(of: snapshot, chunkBytes: chunkBytes)
        while let chunk = try chunks.next() { try sink(chunk) }
    }

    /// Writes one `{"type":"snapshot",…}` line (without the trailing newline) to `sink` in chunks
    /// of about `chunkBytes`: the same bytes as ``line(for:)-(Snapshot)``, one endpoint at a
    /// time, for streams that carry large estates (the agent's `/v1/stream`).
    public func writeLine(
        _ snapshot: Snapshot, chunkBytes: Int = 64 * 1024, to sink: (Data) throws -> Void
    ) throws {
        var chunks = try Chunks(snapshot, encoder: self, chunkBytes: chunkBytes, line: true)
        while let chunk = try chunks.next() { try sink(chunk) }
    }

    /// Appends `json` with `spaces` more indentation on every non-empty line (a JSON string never
    /// holds a raw newline, so every newline byte is a line break of the layout; the encoder
    /// writes an empty list as `[`, an empty line, `]`, and that line stays empty).
    static func appendIndented(_ json: Data, by spaces: Int, to buffer: inout Data) {
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

    func makeEncoder(forLine: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        var formatting: JSONEncoder.OutputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        if pretty && !forLine { formatting.insert(.prettyPrinted) }
        encoder.outputFormatting = formatting
        return encoder
    }
}
