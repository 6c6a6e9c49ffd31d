import Foundation
import Resilience

extension Event {
    /// The event an ``EventDTO`` (a `watch` event line) describes.
    ///
    /// A kind this version does not know reads as `info`, so a newer agent's events still show.
    ///
    /// - Throws: ``WireFormatError`` for a malformed time or transition state.
    public init(_ dto: EventDTO) throws(WireFormatError) {
        let kind: Kind
        switch dto.kind {
        case "transition":
            kind = .transition(
                from: try WireValue.state(dto.from ?? ""), to: try WireValue.state(dto.to ?? ""))
        case "operator_action":
            guard let action = dto.action.flatMap(ControlCommand.Action.init(rawValue:)) else {
                throw WireFormatError("operator_action without a known action")
            }
            kind = .operatorAction(action)
        case "reload":
            kind = .reload(accepted: dto.accepted ?? false)
        case "error":
            kind = .error
        default:
            kind = .info
        }
        self.init(
            sequence: dto.seq, at: try WireValue.date(dto.at, "event.at"), kind: kind, endpoint: dto.endpoint,
            message: dto.message, author: dto.by)
    }
}
