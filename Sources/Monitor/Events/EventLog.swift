public import Foundation
import Synchronization

/// The engine's bounded, thread-safe event log: breaker transitions, operator actions, reloads
/// and errors, numbered monotonically.
///
/// A final class owning an ``EventRing`` behind a `Mutex`: appends and reads are a few hundred
/// nanoseconds, so the engine can record from any task and readers (the dashboard's events
/// pane, `ethotop watch`, the JSON exporter) poll with ``events(after:)`` without blocking it.
/// Messages and endpoint names are sanitised on the way in, so nothing a server sent can reach
/// a terminal unfiltered through the log.
public final class EventLog: Sendable {
    /// The default number of events kept.
    public static let defaultCapacity = 1_000

    private let ring: Mutex<EventRing>

    /// An empty log keeping the newest `capacity` events.
    public init(capacity: Int = EventLog.defaultCapacity) {
        ring = Mutex(EventRing(capacity: capacity))
    }

    /// The most events kept.
    public var capacity: Int { ring.withLock { $0.capacity } }

    /// Events held now.
    public var count: Int { ring.withLock { $0.count } }

    /// The sequence number of the newest event (0 before the first).
    public var lastSequence: UInt64 { ring.withLock { $0.lastSequence } }

    /// Events evicted since the start because the log was full.
    public var dropped: UInt64 { ring.withLock { $0.dropped } }

    /// Records an event and returns it with its sequence number.
    ///
    /// - Parameters:
    ///   - kind: What happened.
    ///   - endpoint: The endpoint concerned, if any.
    ///   - message: A one-line description; sanitised here.
    ///   - at: Wall-clock time (defaults to now).
    ///   - author: Who caused it, if someone identifiable did; sanitised here.
    @discardableResult
    public func append(
        _ kind: Event.Kind, endpoint: String? = nil, message: String, at: Date = Date(), author: String? = nil
    ) -> Event {
        let event = Event(
            sequence: 0, at: at, kind: kind, endpoint: endpoint.map { TextSanitizer.sanitize($0) },
            message: TextSanitizer.sanitize(message), author: author.map { TextSanitizer.sanitize($0) })
        return ring.withLock { $0.append(event) }
    }

    /// Events with a sequence number greater than `sequence`, oldest first.
    public func events(after sequence: UInt64) -> [Event] {
        ring.withLock { $0.events(after: sequence) }
    }

    /// The newest `n` events, oldest first.
    public func latest(_ n: Int) -> [Event] {
        ring.withLock { $0.latest(n) }
    }
}
