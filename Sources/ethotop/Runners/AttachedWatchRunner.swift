import AgentClient
import Foundation
import Monitor

/// `ethotop watch --attach`: the agent's event and snapshot lines, passed through unchanged (the
/// agent's sequence numbers included), until stopped or the reader closes the pipe. A lost agent
/// is reconnected with backoff and resumed after the last event written (`?after=`), so no event
/// is written twice; a `gap` the agent reports is said on standard error.
struct AttachedWatchRunner {
    var address: AgentAddress
    var token: String?
    var output: any OutputSink = FileDescriptorSink.standardOutput
    var errors: any OutputSink = FileDescriptorSink.standardError

    /// Streams until the task is cancelled or the output is closed.
    func stream() async {
        let output = self.output
        let errors = self.errors
        let address = self.address
        let source = RemoteSource(
            address: address, token: token,
            observer: { line, bytes in
                switch line {
                case .event, .snapshot:
                    var data = bytes
                    data.append(UInt8(ascii: "\n"))
                    return output.write(bytes: Data(data))
                case .hello(let agent):
                    let pid = agent.pid.map { " pid \($0)" } ?? ""
                    errors.write("ethotop watch: attached to serve\(pid) on \(address)\n")
                case .gap(let from, let to):
                    errors.write(
                        "ethotop watch: events \(from)–\(to) were dropped by the agent before they were read\n"
                    )
                case .other:
                    break
                }
                return true
            })
        source.start()
        await source.wait()
        await source.stop()
    }
}
