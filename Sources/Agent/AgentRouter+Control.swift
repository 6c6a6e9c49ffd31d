import Foundation
import Monitor

extension AgentRouter {
    /// The answer to a control command: what was done, by whom, and the resulting states.
    struct ControlResult: Encodable {
        struct EndpointState: Encodable {
            var name: String
            var state: String
            var paused: Bool
        }

        var action: String
        var target: [String: TargetValue]
        var by: String
        var endpoints: [EndpointState]
    }

    /// A target's value: a name, or `true` for `all`.
    enum TargetValue: Encodable {
        case name(String)
        case all

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .name(let name): try container.encode(name)
            case .all: try container.encode(true)
            }
        }
    }

    /// `POST /v1/control`: validates the body, checks that the target exists (404 and nothing
    /// sent otherwise), sends the command with its author and answers with the resulting states.
    func control(_ body: [UInt8], author: String) -> AgentResponse {
        let command: ControlCommand
        switch Self.parseControl(body, author: author) {
        case .success(let parsed): command = parsed
        case .failure(let problem): return Self.error(400, problem.description)
        }
        let before = engine.latest()
        switch command.target {
        case .endpoint(let name) where !before.endpoints.contains(where: { $0.name == name }):
            return Self.error(404, "no endpoint named '\(name)'")
        case .group(let group) where !before.endpoints.contains(where: { $0.group == group }):
            return Self.error(404, "no group named '\(group)'")
        default:
            break
        }
        engine.send(command)
        // The engine publishes a snapshot before returning from `send`, so this one shows the
        // command's effect.
        let after = engine.latest()
        let affected = after.endpoints.filter { endpoint in
            switch command.target {
            case .endpoint(let name): endpoint.name == name
            case .group(let group): endpoint.group == group
            case .all: true
            }
        }
        let target: [String: TargetValue] =
            switch command.target {
            case .endpoint(let name): ["endpoint": .name(name)]
            case .group(let group): ["group": .name(group)]
            case .all: ["all": .all]
            }
        return Self.json(
            200,
            ControlResult(
                action: command.action.rawValue, target: target, by: author,
                endpoints: affected.map {
                    .init(name: $0.name, state: $0.breaker.state.rawValue, paused: $0.paused)
                }))
    }

    /// The body of `POST /v1/control`, read strictly: every key known, every value its type.
    struct ControlBody: Decodable {
        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        static let known = ["action", "endpoint", "group", "all"]

        var action: String?
        var endpoint: String?
        var group: String?
        var all: Bool?
        var unknownKeys: [String]

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Key.self)
            unknownKeys = container.allKeys.map(\.stringValue).filter { !Self.known.contains($0) }.sorted()
            action = try container.decodeIfPresent(String.self, forKey: Key(stringValue: "action"))
            endpoint = try container.decodeIfPresent(String.self, forKey: Key(stringValue: "endpoint"))
            group = try container.decodeIfPresent(String.self, forKey: Key(stringValue: "group"))
            all = try container.decodeIfPresent(Bool.self, forKey: Key(stringValue: "all"))
        }
    }

    /// Parses `{"action":…, "endpoint"|"group"|"all":…}`: exactly one target, no other keys.
    static func parseControl(_ body: [UInt8], author: String) -> Result<ControlCommand, BadRequest> {
        func bad(_ message: String) -> Result<ControlCommand, BadRequest> {
            .failure(BadRequest(description: message))
        }
        guard !body.isEmpty else { return bad("the body must be a JSON object with an action and a target") }
        let parsed: ControlBody
        do {
            parsed = try JSONDecoder().decode(ControlBody.self, from: Data(body))
        } catch DecodingError.typeMismatch(let type, let context) {
            guard let key = context.codingPath.last?.stringValue else {
                return bad("the body is not a JSON object")
            }
            return bad("\(key) must be a \(type == Bool.self ? "boolean" : "string")")
        } catch {
            return bad("the body is not a JSON object")
        }
        if let unknown = parsed.unknownKeys.first {
            return bad("unknown key '\(unknown)': expected action and one of endpoint, group, all")
        }
        let actions = ControlCommand.Action.allCases.map(\.rawValue).joined(separator: ", ")
        guard let actionName = parsed.action else { return bad("action is required: one of \(actions)") }
        guard let action = ControlCommand.Action(rawValue: actionName) else {
            return bad("unknown action '\(actionName)': one of \(actions)")
        }
        let targets = [parsed.endpoint != nil, parsed.group != nil, parsed.all != nil].filter { $0 }.count
        guard targets == 1 else { return bad("exactly one target is required: endpoint, group or all") }
        if let name = parsed.endpoint {
            guard !name.isEmpty else { return bad("endpoint must be a non-empty string") }
            return .success(ControlCommand(action, .endpoint(name), author: author))
        }
        if let group = parsed.group {
            guard !group.isEmpty else { return bad("group must be a non-empty string") }
            return .success(ControlCommand(action, .group(group), author: author))
        }
        guard parsed.all == true else { return bad("all must be true") }
        return .success(ControlCommand(action, .all, author: author))
    }

    /// The answer to a reload.
    struct ReloadResult: Encodable {
        struct Change: Encodable {
            var endpoint: String
            var change: String
            var parts: [String]
        }

        var accepted: Bool
        var changes: [Change]?
        var errors: [String]?
    }

    /// `POST /v1/reload`: what SIGHUP does, answered with what changed (200) or every problem
    /// (422, the old config running on).
    func reload(author: String) -> AgentResponse {
        guard let outcome = engine.reload(author: author) else {
            return Self.error(409, "this agent runs the built-in demo: there is no config file to reload")
        }
        switch outcome {
        case .accepted(let diff):
            var changes: [ReloadResult.Change] = diff.changed.map {
                .init(endpoint: $0.name, change: "changed", parts: $0.parts.sorted().map(\.rawValue))
            }
            changes += diff.added.map { .init(endpoint: $0, change: "added", parts: []) }
            changes += diff.removed.map { .init(endpoint: $0, change: "removed", parts: []) }
            return Self.json(200, ReloadResult(accepted: true, changes: changes))
        case .rejected(let errors):
            return Self.json(
                422, ReloadResult(accepted: false, errors: errors.map { TextSanitizer.sanitize($0) }))
        }
    }
}
