import Foundation
import Monitor
import Synchronization

/// A snapshot source that serves what the test publishes and records the commands it gets:
/// the engine's contract played by data, so the dashboard loop can be tested without one.
final class RecordingSource: SnapshotSource {
    private struct Contents {
        var snapshot: Snapshot
        var events: [Event] = []
        var commands: [ControlCommand] = []
        var latestCalls = 0
    }

    private let contents: Mutex<Contents>

    init(_ snapshot: Snapshot = Fixtures.snapshot()) { contents = Mutex(Contents(snapshot: snapshot)) }

    func latest() -> Snapshot {
        contents.withLock {
            $0.latestCalls += 1
            return $0.snapshot
        }
    }

    func events(after sequence: UInt64) -> [Event] {
        contents.withLock { $0.events.filter { $0.sequence > sequence } }
    }

    func send(_ command: ControlCommand) { contents.withLock { $0.commands.append(command) } }

    func publish(_ snapshot: Snapshot) { contents.withLock { $0.snapshot = snapshot } }
    func publish(_ event: Event) { contents.withLock { $0.events.append(event) } }
    var commands: [ControlCommand] { contents.withLock { $0.commands } }
    var latestCalls: Int { contents.withLock { $0.latestCalls } }
}
