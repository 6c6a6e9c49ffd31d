import AgentClient
import ArgumentParser
import Foundation
import Monitor

/// `--token-file`, for commands that talk to an agent over TCP.
struct TokenOptions: ParsableArguments {
    @Option(
        name: .long, help: "File holding the agent's bearer token (TCP only; the Unix socket needs none).",
        completion: .file())
    var tokenFile: String?

    /// The token, trimmed; `nil` without `--token-file`.
    ///
    /// - Throws: a usage error naming the file when it cannot be read or is empty.
    func token() throws -> String? {
        guard let tokenFile else { return nil }
        guard let data = FileManager.default.contents(atPath: tokenFile) else {
            throw ValidationError("cannot read --token-file \(TextSanitizer.sanitize(tokenFile))")
        }
        let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty, !token.contains(where: { $0.isNewline || $0 == " " }) else {
            throw ValidationError("--token-file \(TextSanitizer.sanitize(tokenFile)) must hold one token")
        }
        return token
    }
}

/// Where an agent is: an argument or `--attach`, else the default socket.
enum AgentTarget {
    /// Parses `text`, or picks the default socket from the environment.
    static func address(
        _ text: String?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> AgentAddress {
        if let text {
            do {
                return try AgentAddress(parsing: text)
            } catch {
                throw ValidationError(error.description)
            }
        }
        guard let address = AgentAddress.defaultSocket(environment: environment) else {
            throw ValidationError(
                "no default agent socket (neither XDG_RUNTIME_DIR nor HOME is set); give ADDR")
        }
        return address
    }
}
