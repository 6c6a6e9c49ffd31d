import Foundation

extension ChildProcess {
    /// Runs `arguments` to completion in `directory` (where its log goes, for the run only);
    /// throws with its output when it exits non-zero, else answers its output (standard output
    /// and error together). Waits without blocking a thread (see ``waitForExit()``).
    ///
    /// The environment is this process's unless `environment` is given (then it is the whole of
    /// it); the command runs under `timeout` with a lifetime of 60 s, and inherits none of this
    /// process's descriptors.
    @discardableResult
    public static func run(
        _ arguments: [String], in directory: String, environment: [String: String]? = nil
    ) async throws -> String {
        let log = directory + "/run-\(UUID().uuidString.prefix(8)).log"
        let process = try ChildProcess(
            arguments, environment: environment, output: .log(log), lifetime: .seconds(60),
            closeInheritedDescriptors: true)
        let status = await process.waitForExit()
        let output = process.output
        try? FileManager.default.removeItem(atPath: log)
        guard status == 0 else {
            throw Failure("\(arguments.joined(separator: " ")) exited \(status): \(output)")
        }
        return output
    }
}
