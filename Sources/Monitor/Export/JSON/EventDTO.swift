import Foundation
import Resilience

/// An event in the JSON-lines stream of `ethotop watch` (docs/JSON.md): the frozen wire format
/// of ``Event``.
///
/// `kind` selects which of the kind-specific keys are present: `from`/`to` for `transition`,
/// `action` for `operator_action`, `accepted` for `reload`; `error` and `info` have none. `by`
/// is always present (`null` when the engine itself did it).
public struct EventDTO: Codable, Sendable, Equatable {
    /// Always `"event"` (tells event lines from snapshot lines).
    public var type: String
    /// The event's sequence number; a gap means the reader fell behind the bounded log.
    public var seq: UInt64
    /// RFC 3339 UTC time.
    public var at: String
    /// `transition`, `operator_action`, `reload`, `error` or `info`.
    public var kind: String
    /// The endpoint concerned, or `null`.
    public var endpoint: String?
    /// One-line description, sanitised.
    public var message: String
    /// For `transition`: the state before.
    public var from: String?
    /// For `transition`: the state after.
    public var to: String?
    /// For `operator_action`: `reset`, `force_open`, `disable`, `release`, `try_now`, `pause`
    /// or `resume`.
    public var action: String?
    /// For `reload`: whether the new config was applied.
    public var accepted: Bool?
    /// Who caused it (`root (pid 4242)`, `token ci`, `local user`), or `null` when the engine did.
    public var by: String?

    enum CodingKeys: String, CodingKey {
        case type, seq, at, kind, endpoint, message, from, to, action, accepted, by
    }

    /// The DTO of `event`.
    public init(_ event: Event) {
        type = "event"
        seq = event.sequence
        at = RFC3339.string(from: event.at)
        endpoint = event.endpoint.map { TextSanitizer.sanitize($0) }
        message = TextSanitizer.sanitize(event.message)
        by = event.author.map { TextSanitizer.sanitize($0) }
        switch event.kind {
        case .transition(let from, let to):
            kind = "transition"
            self.from = from.rawValue
            self.to = to.rawValue
        case .operatorAction(let action):
            kind = "operator_action"
            self.action = action.rawValue
        case .reload(let accepted):
            kind = "reload"
            self.accepted = accepted
        case .error:
            kind = "error"
        case .info:
            kind = "info"
        }
    }

    /// Writes the common keys always (`endpoint` as `null` when absent) and the kind-specific
    /// keys only for their kind.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        try container.encode(seq, forKey: .seq)
        try container.encode(at, forKey: .at)
        try container.encode(kind, forKey: .kind)
        try container.encode(endpoint, forKey: .endpoint)
        try container.encode(message, forKey: .message)
        try container.encode(by, forKey: .by)
        try container.encodeIfPresent(from, forKey: .from)
        try container.encodeIfPresent(to, forKey: .to)
        try container.encodeIfPresent(action, forKey: .action)
        try container.encodeIfPresent(accepted, forKey: .accepted)
    }
}

/// A snapshot line of the `ethotop watch` stream: `"type":"snapshot"` beside the keys of
/// ``SnapshotDTO`` at the same level, so `jq 'select(.type=="snapshot")'` sees a plain snapshot.
public struct SnapshotLineDTO: Encodable, Sendable, Equatable {
    /// The snapshot.
    public var snapshot: SnapshotDTO

    private enum TypeKey: String, CodingKey { case type }

    /// The line for `snapshot`.
    public init(_ snapshot: SnapshotDTO) { self.snapshot = snapshot }

    /// Writes `type` and the snapshot's keys into one object.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: TypeKey.self)
        try container.encode("snapshot", forKey: .type)
        try snapshot.encode(to: encoder)
    }
}
