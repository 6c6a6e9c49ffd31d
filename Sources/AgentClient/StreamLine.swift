public import Foundation
public import Monitor

/// One line of the agent's `/v1/stream` (docs/AGENT.md): `ethotop watch`'s JSON lines, preceded
/// by a `hello`, with a `gap` when events the screen asked for have left the agent's ring.
public enum StreamLine: Sendable, Equatable {
    /// The first line: who the agent is.
    case hello(AgentHello)
    /// An event (the agent's sequence number).
    case event(Event)
    /// A snapshot.
    case snapshot(Snapshot)
    /// Events `from...to` were dropped from the agent's ring before this screen read them.
    case gap(from: UInt64, to: UInt64)
    /// A line of a type this version does not know (ignored, so newer agents still attach).
    case other(String)

    /// Decodes one line (without its newline).
    ///
    /// - Throws: `DecodingError` for a line that is not JSON or lacks `type`;
    ///   ``Monitor/WireFormatError`` for a snapshot or event with a value the model cannot hold.
    public static func decode(_ line: Data) throws -> StreamLine {
        let wire = try JSONDecoder().decode(Wire.self, from: line)
        switch wire.value {
        case .hello(let agent): return .hello(agent)
        case .event(let dto): return .event(try Event(dto))
        case .snapshot(let dto): return .snapshot(try Snapshot(dto))
        case .gap(let from, let to): return .gap(from: from, to: to)
        case .other(let type): return .other(type)
        }
    }

    /// The line as the DTOs read it, decoded in one pass: `type`, then the same decoder read
    /// as the type's DTO.
    private struct Wire: Decodable {
        enum Value {
            case hello(AgentHello)
            case event(EventDTO)
            case snapshot(SnapshotDTO)
            case gap(UInt64, UInt64)
            case other(String)
        }

        enum CodingKeys: String, CodingKey {
            case type, agent
            case missedFrom = "missed_from"
            case missedTo = "missed_to"
        }

        var value: Value

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let type = try container.decode(String.self, forKey: .type)
            switch type {
            case "hello": value = .hello(try container.decode(AgentHello.self, forKey: .agent))
            case "event": value = .event(try EventDTO(from: decoder))
            case "snapshot": value = .snapshot(try SnapshotDTO(from: decoder))
            case "gap":
                value = .gap(
                    try container.decode(UInt64.self, forKey: .missedFrom),
                    try container.decode(UInt64.self, forKey: .missedTo))
            default: value = .other(TextSanitizer.sanitize(type, maxLength: 64))
            }
        }
    }
}
