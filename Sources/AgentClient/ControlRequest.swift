import Foundation
import Monitor

/// The body of `POST /v1/control`: `{"action":"reset","endpoint":"checkout"}` (or `"group"`, or
/// `"all":true`). No author: the agent records who sent it, from the socket or the token.
struct ControlRequest: Encodable {
    var action: String
    var endpoint: String?
    var group: String?
    var all: Bool?

    init(_ command: ControlCommand) {
        action = command.action.rawValue
        switch command.target {
        case .endpoint(let name): endpoint = name
        case .group(let name): group = name
        case .all: all = true
        }
    }

    /// The JSON body (keys sorted; only the one target key present).
    var json: Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(self)) ?? Data()
    }

    /// `reset checkout`, `force_open group shop`, `pause all`: for notices.
    static func describe(_ command: ControlCommand) -> String {
        switch command.target {
        case .endpoint(let name): "\(command.action.rawValue) \(name)"
        case .group(let name): "\(command.action.rawValue) group \(name)"
        case .all: "\(command.action.rawValue) all"
        }
    }
}
