import Foundation

/// Runs `promtool check metrics` (Debian package `prometheus`, installed by `make test-deps`) on
/// exposition text. Only the promtool binary is used: no Prometheus server is started.
enum Promtool {
    struct Result {
        var status: Int32
        var output: String
    }

    static var path: String? {
        let candidates =
            (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
            .split(separator: ":").map { "\($0)/promtool" } + ["/usr/bin/promtool"]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func checkMetrics(_ text: String) throws -> Result {
        guard let path else {
            return Result(
                status: -1, output: "promtool not found: apt-get install prometheus (make test-deps)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["check", "metrics"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        try input.fileHandleForWriting.write(contentsOf: Data(text.utf8))
        try input.fileHandleForWriting.close()
        let data = try output.fileHandleForReading.readToEnd() ?? Data()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }
}

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
