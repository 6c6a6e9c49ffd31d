public import Monitor

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
        var indices: [Int] =
            filter.isEmpty
            ? Array(endpoints.indices) : endpoints.indices.filter { filter.matches(endpoints[$0]) }
        if column == .config {
            if descending { indices.reverse() }
            return indices
        }
        indices.sort { left, right in
            let order = compare(endpoints[left], endpoints[right], by: column, queueDepths: queueDepths)
            if order == 0 { return left < right }
            return descending ? order > 0 : order < 0
        }
        return indices
    }

    /// -1, 0 or 1 as `a` sorts before, with or after `b` in ascending order.
    static func compare(
        _ a: EndpointSnapshot, _ b: EndpointSnapshot, by column: SortColumn, queueDepths: [String: Int] = [:]
    ) -> Int {
        switch column {
        case .state:
            return sign(SortColumn.severity(a.breaker.state) - SortColumn.severity(b.breaker.state))
        case .name: return a.name < b.name ? -1 : (a.name == b.name ? 0 : 1)
        case .group:
            let left = a.group ?? ""
            let right = b.group ?? ""
            return left < right ? -1 : (left == right ? 0 : 1)
        case .success: return compare(a.requests.successRatio ?? 2, b.requests.successRatio ?? 2)
        case .rate: return compare(a.requests.perSecond, b.requests.perSecond)
        case .retries: return sign(a.retries.total - b.retries.total)
        case .queue: return sign(queue(a, queueDepths) - queue(b, queueDepths))
        case .p50: return compare(a.latency.p50, b.latency.p50)
        case .p90: return compare(a.latency.p90, b.latency.p90)
        case .p99: return compare(a.latency.p99, b.latency.p99)
        case .config: return 0
        }
    }

    /// The queue depth of the endpoint's shared rate limiter, or -1 without one.
    static func queue(_ endpoint: EndpointSnapshot, _ depths: [String: Int]) -> Int {
        guard let name = endpoint.rateLimitName else { return -1 }
        return depths[name] ?? -1
    }

    private static func compare(_ a: Double, _ b: Double) -> Int { a < b ? -1 : (a == b ? 0 : 1) }
    private static func sign(_ value: Int) -> Int { value < 0 ? -1 : (value == 0 ? 0 : 1) }
}
