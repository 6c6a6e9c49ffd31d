import Monitor
import Resilience

/// What the panes need from all of a snapshot's endpoints rather than the rows on screen,
/// computed once per snapshot.
///
/// Each figure is a pass over every endpoint: at 10,000 endpoints, counting states for the
/// header and finding the longest name for the table's name column cost more per frame than
/// drawing the rows on screen, and neither changes until the engine publishes a new snapshot.
/// ``FrameBuilder`` keeps one per snapshot; ``ScreenRenderer/render(snapshot:events:state:context:)``
/// makes one when called on its own.
struct SnapshotSummary: Sendable, Equatable {
    /// Endpoints per breaker state, every state present (zero when none).
    var stateCounts: [BreakerState: Int]
    /// The longest endpoint name, in UTF-8 bytes (0 without endpoints).
    var longestName: Int

    /// Summarises `endpoints`.
    init(_ endpoints: [EndpointSnapshot]) {
        // A fixed array while counting: 10,000 endpoints cost 10,000 increments, no hashing.
        var tally = [Int](repeating: 0, count: HeaderPane.order.count)
        var longest = 0
        // Through the buffer: iterating the array copied every (large) EndpointSnapshot out.
        endpoints.withUnsafeBufferPointer { endpoints in
            for index in endpoints.indices {
                tally[SortColumn.severity(endpoints[index].breaker.state)] += 1
                longest = max(longest, endpoints[index].name.utf8.count)
            }
        }
        var counts: [BreakerState: Int] = [:]
        for state in HeaderPane.order { counts[state] = tally[SortColumn.severity(state)] }
        stateCounts = counts
        longestName = longest
    }
}
