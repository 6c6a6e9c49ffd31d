public import Monitor
import Resilience

/// Filters and sorts the endpoints into display order.
///
/// Answers indices into `snapshot.endpoints` rather than copies, so 10,000 endpoints cost one
/// array of `Int`. Ties keep config order, so rows never jump between equal values.
public enum EndpointQuery {
    /// The display order of `endpoints` under `filter`, sorted by `column`.
    public static func order(
        _ endpoints: [EndpointSnapshot], filter: EndpointFilter, sort column: SortColumn, descending: Bool,
        queueDepths: [String: Int] = [:]
    ) -> [Int] {
        // Every pass over the rows goes through the buffer: indexing or iterating the array
        // copied each (large) EndpointSnapshot out, with its retains and releases, which was
        // most of the cost of ordering 10,000 endpoints.
        endpoints.withUnsafeBufferPointer { endpoints in
            var indices: [Int] =
                filter.isEmpty
                ? Array(endpoints.indices) : endpoints.indices.filter { filter.matches(endpoints[$0]) }
            switch column {
            case .config:
                if descending { indices.reverse() }
            case .state:
                indices = bySeverity(indices, endpoints, descending: descending)
            case .name:
                sort(&indices, keys: endpoints.indices.map { endpoints[$0].name }, descending: descending)
            case .group:
                sort(
                    &indices, keys: endpoints.indices.map { endpoints[$0].group ?? "" },
                    descending: descending)
            default:
                // Keys are extracted once per endpoint (n struct reads), then the sort compares
                // plain values: comparing EndpointSnapshots inside the sort closure costs
                // n·log n struct accesses and made 10,000 rows take tens of milliseconds.
                let keys = endpoints.indices.map {
                    numericKey(endpoints[$0], column: column, queueDepths: queueDepths)
                }
                sort(&indices, keys: keys, descending: descending)
            }
            return indices
        }
    }

    /// `indices` (ascending) ordered by breaker severity, ties in index (config) order: what
    /// ``sort(_:keys:descending:)`` answers for the state column, found by counting the few
    /// severities in one pass instead of comparing in n·log n. It is the default sort, redone
    /// for every new snapshot.
    private static func bySeverity(
        _ indices: [Int], _ endpoints: UnsafeBufferPointer<EndpointSnapshot>, descending: Bool
    ) -> [Int] {
        let levels = BreakerState.allCases.count  // severity is 0..<levels
        var severities = [Int](repeating: 0, count: indices.count)
        var starts = [Int](repeating: 0, count: levels + 1)
        for (position, index) in indices.enumerated() {
            let severity = SortColumn.severity(endpoints[index].breaker.state)
            let rank = descending ? levels - 1 - severity : severity
            severities[position] = rank
            starts[rank + 1] += 1
        }
        for rank in 0..<levels { starts[rank + 1] += starts[rank] }
        var sorted = [Int](repeating: 0, count: indices.count)
        for (position, index) in indices.enumerated() {
            let rank = severities[position]
            sorted[starts[rank]] = index
            starts[rank] += 1
        }
        return sorted
    }

    /// Sorts `indices` by `keys[index]`, ties in index (config) order.
    private static func sort<Key: Comparable>(_ indices: inout [Int], keys: [Key], descending: Bool) {
        keys.withUnsafeBufferPointer { keys in
            indices.sort { left, right in
                let a = keys[left]
                let b = keys[right]
                if a == b { return left < right }
                return descending ? a > b : a < b
            }
        }
    }

    /// The value a numeric column sorts by.
    static func numericKey(_ endpoint: EndpointSnapshot, column: SortColumn, queueDepths: [String: Int])
        -> Double
    {
        switch column {
        case .state: Double(SortColumn.severity(endpoint.breaker.state))
        case .success: endpoint.requests.successRatio ?? 2
        case .rate: endpoint.requests.perSecond
        case .retries: Double(endpoint.retries.total)
        case .queue: Double(queue(endpoint, queueDepths))
        case .p50: endpoint.latency.p50
        case .p90: endpoint.latency.p90
        case .p99: endpoint.latency.p99
        case .name, .group, .config: 0
        }
    }

    /// The queue depth of the endpoint's shared rate limiter, or -1 without one.
    static func queue(_ endpoint: EndpointSnapshot, _ depths: [String: Int]) -> Int {
        guard let name = endpoint.rateLimitName else { return -1 }
        return depths[name] ?? -1
    }

}
