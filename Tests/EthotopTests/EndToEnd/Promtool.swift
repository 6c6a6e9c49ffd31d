import Foundation

/// `promtool check metrics` (Debian package `prometheus`, in the Makefile's TEST_PACKAGES) on
/// exposition text; status -1 when promtool is missing. Only the binary is used: no server.
func promtoolCheck(_ text: String) throws -> (status: Int32, output: String) {
    let path = "/usr/bin/promtool"
    guard FileManager.default.isExecutableFile(atPath: path) else {
        return (-1, "promtool not found: apt-get install prometheus (make test-deps)")
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = ["check", "metrics"]
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = output
    try process.run()
    try input.fileHandleForWriting.write(contentsOf: Data(text.utf8))
    try input.fileHandleForWriting.close()
    let data = try output.fileHandleForReading.readToEnd() ?? Data()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}
