// A test helper, not part of ethotop: rewrites the operator state file as fast as it can, through
// the real `OperatorStateStore`, until it is killed. `StateFileKillTests` kills it with SIGKILL at
// random moments and checks that the file left behind is always one whole generation.
//
//   StateWriter <state.json> [first-generation]
//
// Generation `g` holds `(g × 37) mod 300 + 1` endpoints named `e0000…` plus a marker
// `gen-<g>`, so a reader can tell which generation a file is and that it is complete.
import Foundation
import Monitor

#if canImport(Glibc)
    import Glibc
#endif

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: StateWriter <state.json> [first-generation]\n".utf8))
    exit(64)
}
let store = OperatorStateStore(url: URL(fileURLWithPath: arguments[1]))
var generation = arguments.count > 2 ? Int(arguments[2]) ?? 0 : 0
let since = Date(timeIntervalSince1970: 1_767_225_600)
// Safety nets, since a test kills it rather than stopping it: give up when the test process that
// started it is gone, and after a minute in any case.
let parent = getppid()
let giveUp = Date().addingTimeInterval(60)
while getppid() == parent, Date() < giveUp {
    var state = OperatorState(pausedAll: generation % 3 == 0)
    // From 1 to 300 endpoints: files from about 150 bytes to about 30 KiB, so a torn write
    // would cut through the middle of a large one.
    let count = (generation * 37) % 300 + 1
    for index in 0..<count {
        state[String(format: "e%04d", index)] = EndpointOverride(
            hold: index % 2 == 0 ? .forcedOpen : .disabled, paused: index % 3 == 0, since: since)
    }
    state["gen-\(generation)"] = EndpointOverride(paused: true, since: since)
    do {
        try store.save(state)
    } catch {
        FileHandle.standardError.write(Data("save failed: \(error)\n".utf8))
        exit(1)
    }
    generation += 1
}
