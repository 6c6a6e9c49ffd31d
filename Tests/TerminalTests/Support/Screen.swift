/// What `tmux capture-pane` showed: the visible lines of the pane, optionally with the escape
/// sequences tmux uses to describe colours and attributes (`capture-pane -e`).
struct Screen: Sendable, CustomStringConvertible {
    /// The capture as tmux printed it.
    let raw: String

    /// The lines, trailing newline dropped.
    var lines: [String] {
        var lines = raw.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    func contains(_ text: String) -> Bool { raw.contains(text) }

    /// Whether every one of `texts` is on screen.
    func contains(all texts: [String]) -> Bool { texts.allSatisfy { raw.contains($0) } }

    /// The first line (the header).
    var header: String { lines.first ?? "" }

    /// The last line (the key bar).
    var keyBar: String { lines.last ?? "" }

    /// The first line containing `text`.
    func line(containing text: String) -> String? { lines.first { $0.contains(text) } }

    /// The index of the first line containing `text`.
    func row(of text: String) -> Int? { lines.firstIndex { $0.contains(text) } }

    /// The endpoint table's column headings line (the one with `NAME`).
    private var headingsIndex: Int? {
        lines.firstIndex { $0.contains(" NAME") && ($0.contains("LAST") || $0.contains("SUCC")) }
    }

    /// The endpoint table's rows: the lines under the column headings down to the pane's bottom
    /// border.
    var tableRows: [String] {
        guard let headings = headingsIndex else { return [] }
        var rows: [String] = []
        for line in lines[(headings + 1)...] {
            guard let first = line.first, first == "│" || first == "|" else { break }
            rows.append(line)
        }
        return rows.filter { !$0.dropFirst().allSatisfy { $0 == " " || $0 == "│" || $0 == "|" } }
    }

    /// The endpoint names in table order: the word under the `NAME` heading.
    var tableNames: [String] {
        guard let headings = headingsIndex, let range = lines[headings].range(of: " NAME") else { return [] }
        let column = lines[headings].distance(from: lines[headings].startIndex, to: range.lowerBound) + 1
        return tableRows.compactMap { row in
            let characters = Array(row)
            guard column < characters.count else { return nil }
            let name = characters[column...].prefix { $0 != " " }
            return name.isEmpty ? nil : String(name)
        }
    }

    /// The table row of endpoint `name`.
    func tableRow(_ name: String) -> String? {
        let names = tableNames
        guard let index = names.firstIndex(of: name) else { return nil }
        return tableRows[index]
    }

    /// Whether every byte is ASCII.
    var isASCII: Bool { raw.utf8.allSatisfy { $0 < 0x80 } }

    /// The SGR parameter lists (`ESC [ … m`) in a `-e` capture, one array per sequence.
    var sgrSequences: [[Int]] {
        var result: [[Int]] = []
        let bytes = Array(raw.utf8)
        var index = 0
        while index + 1 < bytes.count {
            guard bytes[index] == 0x1B, bytes[index + 1] == UInt8(ascii: "[") else {
                index += 1
                continue
            }
            var end = index + 2
            while end < bytes.count, bytes[end] >= 0x30, bytes[end] <= 0x3F { end += 1 }
            if end < bytes.count, bytes[end] == UInt8(ascii: "m") {
                let text = String(decoding: bytes[(index + 2)..<end], as: UTF8.self)
                result.append(
                    text.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) ?? 0 })
            }
            index = end + 1
        }
        return result
    }

    /// The SGR parameters that select a colour: 30–38 and 40–48 (38/48 start 256-colour and RGB
    /// forms), 90–97 and 100–107. 39 and 49 (the terminal's default colours) do not count.
    var colourParameters: [Int] {
        sgrSequences.flatMap { parameters -> [Int] in
            var found: [Int] = []
            var index = 0
            while index < parameters.count {
                let parameter = parameters[index]
                switch parameter {
                case 30...38, 40...48, 90...97, 100...107:
                    found.append(parameter)
                    // Skip the operands of 38;5;n / 38;2;r;g;b.
                    if parameter == 38 || parameter == 48, index + 1 < parameters.count {
                        index += parameters[index + 1] == 5 ? 2 : 4
                    }
                default: break
                }
                index += 1
            }
            return found
        }
    }

    var description: String { "\n" + raw }
}
