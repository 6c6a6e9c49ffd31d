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
