import Foundation

/// Writes the Prometheus text exposition format, version 0.0.4: `# HELP` and `# TYPE` lines,
/// then the family's samples, families never interleaved.
///
/// Kept apart from ``PrometheusExporter`` so the escaping and number rules — the parts a scraper
/// rejects when wrong — live in one small, separately tested place.
struct PrometheusTextWriter {
    /// Metric types of the format.
    enum MetricType: String {
        case counter, gauge, summary
    }

    /// One sample: its labels, in order, and its value.
    struct Sample {
        var labels: [(String, String)]
        var value: Double
    }

    private(set) var output = ""

    /// Appends a family; a family without samples is left out entirely.
    mutating func family(_ name: String, _ type: MetricType, help: String, samples: [Sample]) {
        guard !samples.isEmpty else { return }
        output += "# HELP \(name) \(Self.escapeHelp(help))\n"
        output += "# TYPE \(name) \(type.rawValue)\n"
        for sample in samples {
            output += name
            if !sample.labels.isEmpty {
                output += "{"
                output += sample.labels.map { "\($0.0)=\"\(Self.escapeLabelValue($0.1))\"" }.joined(
                    separator: ",")
                output += "}"
            }
            output += " \(Self.format(sample.value))\n"
        }
    }

    /// Escapes a label value: backslash, double quote and line feed, as the format requires.
    ///
    /// Other characters (any UTF-8) are allowed verbatim; the exporter sanitises names first, so
    /// no other control character reaches this point.
    static func escapeLabelValue(_ value: String) -> String {
        var result = ""
        result.reserveCapacity(value.utf8.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\n": result += "\\n"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Escapes HELP text: backslash and line feed.
    static func escapeHelp(_ help: String) -> String {
        help.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
    }

    /// Formats a value as Go's `ParseFloat` reads it: integers without a decimal point,
    /// `NaN`, `+Inf` and `-Inf` spelled as the format says.
    static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}
