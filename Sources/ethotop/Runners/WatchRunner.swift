import Monitor

/// `ethotop watch`: JSON lines — every new event, then one snapshot — each refresh, until
/// stopped (a signal, or the reader closing the pipe).
struct WatchRunner {
    var engine: any RunningEngine
    /// Time between snapshot lines.
    var interval: Duration
    var output: any OutputSink = FileDescriptorSink.standardOutput

    /// Streams until the task is cancelled or the output is closed.
    func stream() async {
        let encoder = SnapshotJSONEncoder()
        var last: UInt64 = 0
        while !Task.isCancelled {
            for event in engine.events(after: last) {
                last = event.sequence
                guard let line = try? encoder.line(for: event) else { continue }
                guard output.write(line + "\n") else { return }
            }
            if let line = try? encoder.line(for: engine.latest()) {
                guard output.write(line + "\n") else { return }
            }
            do {
                try await Task.sleep(for: interval)
            } catch {
                return
            }
        }
    }
}
