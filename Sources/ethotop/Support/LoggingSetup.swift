import Foundation
import Logging
import Monitor

/// Points swift-log at the log file, once per process.
enum LoggingSetup {
    /// Bootstraps logging to `$XDG_STATE_HOME/ethotop/ethotop.log` at `level` and returns the
    /// process logger. Without a usable state directory, logs are discarded: ethotop never logs
    /// to the terminal.
    static func bootstrap(
        level: Logger.Level, command: String,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> Logger {
        if let path = StatePaths.logFile(environment: environment) {
            let file = LogFile(path: path)
            for problem in file.prepare() {
                FileHandle.standardError.write(Data("ethotop: warning: \(problem)\n".utf8))
            }
            LoggingSystem.bootstrap { label in FileLogHandler(label: label, file: file, level: level) }
        } else {
            LoggingSystem.bootstrap { _ in SwiftLogNoOpLogHandler() }
        }
        var logger = Logger(label: "ethotop")
        logger[metadataKey: "pid"] = "\(ProcessInfo.processInfo.processIdentifier)"
        logger.info("ethotop \(EthotopVersion.string) starting", metadata: ["command": "\(command)"])
        return logger
    }
}
