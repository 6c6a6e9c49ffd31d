public import Foundation
public import Monitor

/// The events the dashboard has seen, oldest first, bounded like the engine's ring.
///
/// Engine events arrive through `SnapshotSource.events(after:)`; the dashboard adds its own
/// notices (theme switched, display frozen, cancelled) with sequence 0 so they interleave by
/// arrival.
public struct EventHistory: Sendable {
    /// The events, oldest first.
    public private(set) var events: [Event] = []
    /// The highest engine sequence number seen.
    public private(set) var lastSequence: UInt64 = 0
    /// Most events kept.
    public let capacity: Int

    /// Creates an empty log.
    public init(capacity: Int = 1_000) { self.capacity = max(1, capacity) }

    /// Appends engine events newer than any seen (duplicates and reordering are ignored).
    public mutating func append(engine newEvents: [Event]) {
        for event in newEvents where event.sequence > lastSequence {
            events.append(event)
            lastSequence = event.sequence
        }
        trim()
    }

    /// Appends a dashboard notice.
    public mutating func append(notice: String, at date: Date) {
        events.append(Event(sequence: 0, at: date, kind: .info, endpoint: nil, message: notice))
        trim()
    }

    private mutating func trim() {
        if events.count > capacity { events.removeFirst(events.count - capacity) }
    }
}
