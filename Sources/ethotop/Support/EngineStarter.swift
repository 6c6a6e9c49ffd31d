import ArgumentParser
import Logging
import Monitor

/// Maps the factory's failures to messages and exit statuses, in one place for every command.
enum EngineStarter {
    /// Starts an engine, or prints why not and throws the matching exit status.
    static func start(
        _ factory: any EngineFactory, _ request: EngineRequest,
        errors: any OutputSink = FileDescriptorSink.standardError
    ) async throws -> any RunningEngine {
        do {
            return try await factory.start(request)
        } catch {
            throw report(error, errors: errors, logger: request.logger)
        }
    }

    /// Prints `error` for a person and returns the exit status it maps to.
    static func report(_ error: any Error, errors: any OutputSink, logger: Logger) -> ExitCode {
        switch error {
        case let problems as ConfigProblems:
            // A problem is `FILE:LINE:COL: message`, then `  hint: …` on its own line
            // (docs/CONFIG.md): sanitise line by line so the hint keeps its line.
            for message in problems.messages {
                for line in message.split(separator: "\n", omittingEmptySubsequences: false) {
                    let indent = line.prefix { $0 == " " }
                    let text = TextSanitizer.sanitize(String(line.dropFirst(indent.count)), maxLength: 2_048)
                    errors.write(indent + text + "\n")
                }
            }
            logger.error("config rejected", metadata: ["problems": "\(problems.messages.count)"])
            return ExitStatus.configError
        case let missing as NotYetWired:
            errors.write(missing.description + "\n")
            return ExitStatus.failure
        case let exit as ExitCode:
            return exit
        default:
            errors.write("ethotop: \(TextSanitizer.sanitize("\(error)"))\n")
            logger.error("failed", metadata: ["error": "\(error)"])
            return ExitStatus.failure
        }
    }
}
