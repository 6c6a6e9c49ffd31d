import ArgumentParser
import Monitor

/// `ethotop check`: validate the config and print its summary; exit 0 or 2.
struct CheckRunner {
    var factory: any EngineFactory
    var request: EngineRequest
    var output: any OutputSink = FileDescriptorSink.standardOutput
    var errors: any OutputSink = FileDescriptorSink.standardError

    func run() throws {
        do {
            for line in try factory.check(configPath: request.configPath) {
                output.write(TextSanitizer.sanitize(line, maxLength: 2_048) + "\n")
            }
        } catch {
            throw EngineStarter.report(error, errors: errors, logger: request.logger)
        }
    }
}
