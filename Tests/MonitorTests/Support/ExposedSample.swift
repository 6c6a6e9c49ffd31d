/// A minimal reader of the exposition format for assertions: sample name, labels, value.
struct ExposedSample: Equatable {
    var name: String
    var labels: [String: String]
    var value: String

    /// Parses the sample lines of `text` (comments skipped); label values are unescaped.
    static func parse(_ text: String) -> [ExposedSample] {
        text.split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#"), let space = line.lastIndex(of: " ") else { return nil }
            let series = line[..<space]
            let value = String(line[line.index(after: space)...])
            guard let brace = series.firstIndex(of: "{") else {
                return ExposedSample(name: String(series), labels: [:], value: value)
            }
            return ExposedSample(
                name: String(series[..<brace]),
                labels: parseLabels(series[series.index(after: brace)...].dropLast()),
                value: value)
        }
    }

    private static func parseLabels(_ text: Substring) -> [String: String] {
        var labels: [String: String] = [:]
        var index = text.startIndex
        while index < text.endIndex {
            guard let equals = text[index...].firstIndex(of: "=") else { break }
            let name = String(text[index..<equals])
            var cursor = text.index(equals, offsetBy: 2)  // skip ="
            var value = ""
            while cursor < text.endIndex, text[cursor] != "\"" {
                if text[cursor] == "\\" {
                    cursor = text.index(after: cursor)
                    value.append(text[cursor] == "n" ? "\n" : text[cursor])
                } else {
                    value.append(text[cursor])
                }
                cursor = text.index(after: cursor)
            }
            labels[name] = value
            index = text.index(after: cursor)
            if index < text.endIndex, text[index] == "," { index = text.index(after: index) }
        }
        return labels
    }
}
