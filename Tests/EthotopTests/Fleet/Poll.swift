/// Polls `condition` every `every` until it returns a value (or throws, to give up early) or
/// `timeout` passes, which gives nil.
func poll<Value>(
    timeout: Duration, every: Duration = .milliseconds(200), _ condition: () async throws -> Value?
) async rethrows -> Value? {
    let deadline = ContinuousClock.now + timeout
    while true {
        if let value = try await condition() { return value }
        guard ContinuousClock.now < deadline else { return nil }
        try? await Task.sleep(for: every)
    }
}
