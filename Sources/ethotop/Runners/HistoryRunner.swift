import ArgumentParser
import Foundation
import History
import Monitor

/// `ethotop history`: resolves the file and the range, reads the report, prints it.
struct HistoryRunner {
    var configPath: String?
    var historyPath: String?
    var since: String?
    var from: String?
    var to: String?
    var endpoint: String?
    var group: String?
    var format: HistoryFormat
    var environment = ProcessInfo.processInfo.environment
    var output: any OutputSink = FileDescriptorSink.standardOutput
    var errors: any OutputSink = FileDescriptorSink.standardError
    var now = Date()

    func run() throws {
        let range: (Date, Date)
        do {
            range = try resolveRange()
        } catch {
            errors.write("ethotop history: \(error.message)\n")
            throw ExitCode(64)
        }
        guard
            let path = HistoryLocation.path(
                explicit: historyPath, configPath: configPath, environment: environment)
        else {
            errors.write(
                "ethotop history: no history file (no $XDG_STATE_HOME or $HOME); pass --history FILE\n")
            throw ExitStatus.failure
        }
        do {
            let store = try HistoryStore.openForReading(path: path, now: { [now] in now })
            let report = try store.report(
                HistoryQuery(from: range.0, to: range.1, endpoint: endpoint, group: group))
            switch format {
            case .table: output.write(report.table())
            case .json: output.write(report.json())
            case .markdown: output.write(report.markdown())
            }
        } catch let error as HistoryFileError {
            errors.write("ethotop history: \(TextSanitizer.sanitize(error.description))\n")
            throw ExitStatus.failure
        } catch {
            errors.write("ethotop history: \(TextSanitizer.sanitize("\(error)"))\n")
            throw ExitStatus.failure
        }
    }

    struct RangeError: Error {
        var message: String
    }

    private func resolveRange() throws(RangeError) -> (Date, Date) {
        if let from {
            guard let start = Self.parseTime(from) else {
                throw RangeError(message: "cannot read --from \(from); write e.g. 2026-03-01T14:00:00Z")
            }
            var end = now
            if let to {
                guard let parsed = Self.parseTime(to) else {
                    throw RangeError(message: "cannot read --to \(to); write e.g. 2026-03-01T15:00:00Z")
                }
                end = parsed
            }
            guard start < end else { throw RangeError(message: "--from must be before --to") }
            return (start, end)
        }
        if to != nil { throw RangeError(message: "--to needs --from") }
        var span: TimeInterval = 3_600
        if let since { span = try Self.parseSpan(since) }
        return (now.addingTimeInterval(-span), now)
    }

    /// `15m`, `1h`, `24h`, `7d`: seconds.
    static func parseSpan(_ text: String) throws(RangeError) -> TimeInterval {
        if text.hasSuffix("d"), let days = Int(text.dropLast()), days > 0, days <= 3_660 {
            return TimeInterval(days * 86_400)
        }
        guard let duration = try? DurationParser.parse(text), duration > .zero else {
            throw RangeError(message: "cannot read --since \(text); write e.g. 15m, 1h, 24h or 7d")
        }
        return Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// RFC 3339, or the same without a zone (UTC), or with a space instead of `T`.
    static func parseTime(_ text: String) -> Date? {
        let normal = text.replacingOccurrences(of: " ", with: "T")
        if let date = RFC3339.date(from: normal) { return date }
        return RFC3339.date(from: normal + "Z")
    }
}

/// Where the history database is: `--history`, else the config's `history.file`, else the
/// default under the state directory.
enum HistoryLocation {
    static func path(explicit: String?, configPath: String?, environment: [String: String]) -> String? {
        if let explicit { return explicit }
        let loader = ConfigLoader(environment: environment)
        if let location = loader.locate(explicitPath: configPath),
            let config = try? loader.load(path: location.path),
            let file = config.history.file
        {
            return file
        }
        return defaultPath(environment: environment)
    }

    /// `$XDG_STATE_HOME/ethotop/history.db`.
    static func defaultPath(environment: [String: String]) -> String? {
        StatePaths.stateDirectory(environment: environment).map { $0 + "/history.db" }
    }
}
