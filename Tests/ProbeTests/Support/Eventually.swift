import Foundation

/// Polls `condition` until it holds or `timeout` passes; returns whether it held. Polling with a
/// deadline, never a fixed sleep: the test is as fast as the system allows and fails only if the
/// condition never comes true.
func eventually(
    timeout: Duration = .seconds(10), _ condition: @Sendable () async -> Bool
) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(2))
    }
    return await condition()
}
