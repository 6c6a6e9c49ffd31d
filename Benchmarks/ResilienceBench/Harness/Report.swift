/// One row of the table: a measured case, or a peer measured by the script in the same run.
struct Row {
    var id: String
    var group: String
    var label: String
    var role: BenchCase.Role
    var best: Double
    var median: Double
    /// The least CPU ns/op of the runs (single-threaded rows only).
    var bestCPU: Double? = nil
    /// Set for two-thread rows: both threads' operations per second, from the best run.
    var throughput: Double?
    var note = ""
}

/// Prints the Markdown table with ratios to the floor, instruction counts and the goal verdict.
struct Report {
    var rows: [Row]
    /// Instructions per operation by case id (callgrind, from the script).
    var instructions: [String: Double]

    /// The floor row's cost, if it was measured.
    var floor: Double? { rows.first { $0.role == .floor }.map(cost) }

    /// What a row's figures say the path costs: the lesser of the best wall time and the best
    /// CPU time. On a quiet machine they agree; on a loaded one wall time also counts the time
    /// the measuring thread spent descheduled. Ratios and the goal verdict use this.
    func cost(_ row: Row) -> Double { min(row.best, row.bestCPU ?? row.best) }

    func markdown() -> String {
        var lines = [
            "| group | path | best ns/op | median ns/op | best CPU ns/op | instr/op | × floor | < 100 ns? | note |",
            "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |",
        ]
        for row in rows {
            let ratio = floor.map { "×" + format($0 > 0 ? cost(row) / $0 : .nan, digits: 1) } ?? "—"
            let instr = instructions[row.id].map { format($0, digits: 0) } ?? "—"
            var note = row.note
            if let throughput = row.throughput {
                note =
                    "\(format(throughput / 1e6, digits: 1)) M ops/s total" + (note.isEmpty ? "" : "; " + note)
            }
            let cpu = row.bestCPU.map { format($0, digits: 1) } ?? "—"
            let cells = [
                row.group, row.label, format(row.best, digits: 1), format(row.median, digits: 1), cpu, instr,
                ratio, verdict(row), note,
            ]
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n")
    }

    /// Whether a hot path meets the goal, by its ``cost(_:)``; other rows have no goal.
    func verdict(_ row: Row) -> String {
        guard row.role == .hotPath else { return "—" }
        let cost = cost(row)
        if cost < goalNanoseconds { return "yes" }
        return "no (+\(format(cost - goalNanoseconds, digits: 0)) ns)"
    }

    /// How many times cheaper each of `ids` is than the peer row `peer` (by ``cost(_:)``).
    func comparisons(to peer: String, ids: [String]) -> [String] {
        guard let reference = rows.first(where: { $0.id == peer }) else { return [] }
        return ids.compactMap { id in
            guard let row = rows.first(where: { $0.id == id }), cost(row) > 0 else { return nil }
            let times = format(cost(reference) / cost(row), digits: 0)
            return "- \(row.label): \(times)× cheaper than \(reference.label)"
        }
    }

}

/// `value` with `digits` decimals, without Foundation.
func format(_ value: Double, digits: Int) -> String {
    guard value.isFinite else { return "—" }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let scaled = (abs(value) * scale).rounded()
    let whole = Int(scaled / scale)
    let fraction = Int(scaled - Double(whole) * scale)
    var text = (value < 0 ? "-" : "") + String(whole)
    if digits > 0 {
        let digitsText = String(fraction)
        text += "." + String(repeating: "0", count: digits - digitsText.count) + digitsText
    }
    return text
}
