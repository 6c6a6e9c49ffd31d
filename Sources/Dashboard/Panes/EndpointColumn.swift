/// A column of the endpoints table and how it competes for width.
///
/// Narrow terminals drop columns by `priority` (higher numbers go first) so that state, name,
/// success and the last result survive at 40 columns; the name takes what is left, up to the
/// longest name, and spare width widens the sparkline.
struct EndpointColumn: Sendable, Equatable {
    /// Which value the column shows.
    enum ID: Sendable, Equatable, CaseIterable {
        case state, name, group, success, rate, retries, queue, p50, p90, p99, spark, last
    }

    var id: ID
    var title: String
    var width: Int
    var align: Alignment
    var priority: Int
    var sort: SortColumn?

    static let all: [EndpointColumn] = [
        EndpointColumn(id: .state, title: "STATE", width: 11, align: .left, priority: 0, sort: .state),
        EndpointColumn(id: .name, title: "NAME", width: 8, align: .left, priority: 0, sort: .name),
        EndpointColumn(id: .group, title: "GROUP", width: 10, align: .left, priority: 6, sort: .group),
        EndpointColumn(id: .success, title: "SUCC", width: 6, align: .right, priority: 1, sort: .success),
        EndpointColumn(id: .rate, title: "REQ/S", width: 6, align: .right, priority: 5, sort: .rate),
        EndpointColumn(id: .retries, title: "RETRY", width: 5, align: .right, priority: 7, sort: .retries),
        EndpointColumn(id: .queue, title: "RLQ", width: 4, align: .right, priority: 8, sort: .queue),
        EndpointColumn(id: .p50, title: "P50", width: 6, align: .right, priority: 4, sort: .p50),
        EndpointColumn(id: .p90, title: "P90", width: 6, align: .right, priority: 9, sort: .p90),
        EndpointColumn(id: .p99, title: "P99", width: 6, align: .right, priority: 2, sort: .p99),
        EndpointColumn(id: .spark, title: "LATENCY", width: 12, align: .left, priority: 3, sort: nil),
        EndpointColumn(id: .last, title: "LAST", width: 13, align: .left, priority: 1, sort: nil),
    ]

    /// Widest the name column grows before spare width goes to the sparkline.
    static let maximumNameWidth = 40
    /// Widest the sparkline grows.
    static let maximumSparkWidth = 40

    /// The columns that fit `width`, with their final widths, in display order.
    static func fit(width: Int, longestName: Int) -> [EndpointColumn] {
        var columns = all
        // Names get room for up to 18 columns before optional columns do.
        if let index = columns.firstIndex(where: { $0.id == .name }) {
            columns[index].width = max(8, min(18, longestName))
        }
        // The state column shrinks to its glyph before anything else is dropped on narrow screens.
        if width < 64, let index = columns.firstIndex(where: { $0.id == .state }) {
            columns[index].width = 2
            columns[index].title = "S"
        }
        func total(_ set: [EndpointColumn]) -> Int {
            set.reduce(0) { $0 + $1.width } + max(0, set.count - 1)
        }
        while total(columns) > width {
            guard
                let victim = columns.indices.filter({ columns[$0].priority > 0 })
                    .max(by: { columns[$0].priority < columns[$1].priority })
            else { break }
            columns.remove(at: victim)
        }
        var spare = width - total(columns)
        if spare > 0, let name = columns.firstIndex(where: { $0.id == .name }) {
            let grow = min(spare, max(0, min(maximumNameWidth, max(longestName, 4)) - columns[name].width))
            columns[name].width += grow
            spare -= grow
        }
        if spare > 0, let spark = columns.firstIndex(where: { $0.id == .spark }) {
            let grow = min(spare, maximumSparkWidth - columns[spark].width)
            columns[spark].width += grow
            spare -= grow
        }
        if spare > 0, let name = columns.firstIndex(where: { $0.id == .name }) {
            columns[name].width += spare
        }
        return columns
    }
}
