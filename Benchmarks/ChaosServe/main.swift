// chaos-serve: the ChaosServer as a standalone process, for benchmarks and the soak.
//
//   chaos-serve [--port P] [--seed S] [--threads T]
//
// Prints the base URL (`http://127.0.0.1:PORT`) on one line once it accepts connections, then
// serves until killed (SIGTERM or SIGINT end it; nothing needs flushing). The benchmarks need a
// server that hangs and flaps on purpose in a process of its own, so that the monitor's RSS, file
// descriptors and CPU are measured without the server's.
import ChaosServer
import Foundation

func option(_ name: String, default value: Int) -> Int {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count,
        let parsed = Int(arguments[index + 1])
    else { return value }
    return parsed
}

let server = try await ChaosServer.start(
    port: option("--port", default: 0), seed: UInt64(option("--seed", default: 1)),
    scenario: .demo, threads: option("--threads", default: 1))
FileHandle.standardOutput.write(Data((server.baseURL + "\n").utf8))
while true {
    try await Task.sleep(for: .seconds(3600))
}
