import Monitor
import Resilience
import Testing

@testable import Dashboard

@Suite struct EndpointFilterTests {
    let endpoints = Fixtures.snapshot().endpoints

    func names(_ filter: String) -> [String] {
        EndpointQuery.order(endpoints, filter: EndpointFilter(filter), sort: .config, descending: false)
            .map { endpoints[$0].name }
    }

    @Test func wordsMatchNameOrGroupCaseInsensitively() {
        #expect(names("SVC-1") == ["svc-1"])
        #expect(names("edge") == ["svc-1", "svc-3", "svc-5", "svc-7"])
        #expect(names("") == endpoints.map(\.name))
    }

    @Test func stateTermsAndFieldTermsCombine() {
        #expect(names("state:open") == ["svc-1"])
        #expect(names("state:half-open") == ["svc-2"])
        #expect(names("state:half_open,forced") == ["svc-2", "svc-3"])
        #expect(names("group:core state:closed") == ["svc-0", "svc-6"])
        #expect(names("name:svc-7") == ["svc-7"])
        #expect(names("state:bogus").isEmpty)
    }

    @Test func pausedTermMatchesPausedEndpoints() {
        var paused = endpoints
        paused[4].paused = true
        let order = EndpointQuery.order(
            paused, filter: EndpointFilter("paused"), sort: .config, descending: false)
        #expect(order == [4])
    }

    @Test func sortingIsStableAndWorstFirstByDefault() {
        let bySeverity = EndpointQuery.order(
            endpoints, filter: EndpointFilter(""), sort: .state, descending: true)
        #expect(endpoints[bySeverity[0]].breaker.state == .open)
        #expect(endpoints[bySeverity[1]].breaker.state == .forcedOpen)
        // Equal states keep config order.
        let closed = bySeverity.filter { endpoints[$0].breaker.state == .closed }
        #expect(closed == closed.sorted())
        let byP99 = EndpointQuery.order(endpoints, filter: EndpointFilter(""), sort: .p99, descending: true)
        #expect(
            byP99.map { endpoints[$0].latency.p99 } == byP99.map { endpoints[$0].latency.p99 }.sorted(by: >))
        let byQueue = EndpointQuery.order(
            endpoints, filter: EndpointFilter(""), sort: .queue, descending: true, queueDepths: ["shared": 4])
        #expect(endpoints[byQueue[0]].rateLimitName == "shared")
    }

    @Test func textColumnsSortByTheirText() {
        let large = Fixtures.large(500).endpoints
        let byName = EndpointQuery.order(large, filter: EndpointFilter(""), sort: .name, descending: false)
        #expect(byName.map { large[$0].name } == large.map(\.name).sorted())
        let byGroup = EndpointQuery.order(large, filter: EndpointFilter(""), sort: .group, descending: true)
        let groups = byGroup.map { large[$0].group ?? "" }
        #expect(groups == groups.sorted(by: >))
        // Ties (same group) keep config order.
        let firstGroup = byGroup.filter { large[$0].group == groups.first }
        #expect(firstGroup == firstGroup.sorted())
    }

    /// The state column is ordered by counting; it must answer what comparing answers: worse
    /// first (or last), ties in config order, with and without a filter.
    @Test(arguments: [true, false])
    func stateOrderMatchesAComparisonSort(descending: Bool) {
        let large = Fixtures.large(500).endpoints
        for filter in ["", "g3", "state:open,closed"] {
            let parsed = EndpointFilter(filter)
            let kept = large.indices.filter { parsed.matches(large[$0]) }
            let expected = kept.sorted { left, right in
                let a = SortColumn.severity(large[left].breaker.state)
                let b = SortColumn.severity(large[right].breaker.state)
                if a == b { return left < right }
                return descending ? a > b : a < b
            }
            let order = EndpointQuery.order(large, filter: parsed, sort: .state, descending: descending)
            #expect(order == expected, "filter \(filter)")
        }
    }
}
