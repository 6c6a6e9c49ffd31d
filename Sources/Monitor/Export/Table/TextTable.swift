/// A plain-text table with aligned columns, for `ethotop snapshot --format table`.
///
/// No box drawing and no colour, so it reads the same in a log file, a CI transcript or a pipe.
/// Cells are sanitised and cut to the column's `maxWidth`; widths count characters, which is
/// right for the ASCII and Latin text endpoints are usually named in.
struct TextTable {
    /// A column: heading, alignment and the widest a cell may be.
    struct Column {
        var heading: String
        var rightAligned: Bool = false
        var maxWidth: Int = 40
    }

    var columns: [Column]
    private var rows: [[String]] = []

    init(columns: [Column]) { self.columns = columns }

    /// Adds a row; missing cells are blank, extra cells are ignored.
    mutating func append(_ cells: [String]) {
        rows.append(
            columns.indices.map { index in
                let raw = index < cells.count ? cells[index] : ""
                return TextSanitizer.sanitize(raw, maxLength: columns[index].maxWidth)
            })
    }

    /// The table, one line per row after a heading line, each ending in a newline, with two
    /// spaces between columns and no trailing spaces.
    func render() -> String {
        let headings = columns.map(\.heading)
        let widths = columns.indices.map { index in
            rows.reduce(headings[index].count) { max($0, $1[index].count) }
        }
        var output = ""
        for row in [headings] + rows {
            var line = ""
            for (index, cell) in row.enumerated() {
                let padding = String(repeating: " ", count: widths[index] - cell.count)
                if index > 0 { line += "  " }
                line += columns[index].rightAligned ? padding + cell : cell + padding
            }
            while line.last == " " { line.removeLast() }
            output += line + "\n"
        }
        return output
    }
}
