public import Logging
import Foundation

/// A swift-log `LogHandler` that writes one sanitised line per message to a ``LogFile`` and
/// never to the terminal.
///
/// Lines read `2026-03-01T12:00:05.250Z warning ethotop.engine: probe failed endpoint=api`:
/// RFC 3339 UTC time, level, label, message, then metadata as sorted `key=value` pairs (values
/// with spaces or quotes are quoted). Messages and metadata are sanitised, since they often
/// carry text a server sent, and a log viewed with `less -R` or `tail -f` is a terminal too.
public struct FileLogHandler: LogHandler {
    /// The logger's label.
    public let label: String
    /// Where lines go.
    public let file: LogFile
    /// The lowest level written.
    public var logLevel: Logger.Level
    /// Metadata attached to every message of this handler.
    public var metadata: Logger.Metadata = [:]
    /// Contextual metadata added at log time.
    public var metadataProvider: Logger.MetadataProvider?

    /// A handler for `label` writing to `file` at `level` and above.
    public init(
        label: String, file: LogFile, level: Logger.Level = .info,
        metadataProvider: Logger.MetadataProvider? = nil
    ) {
        self.label = label
        self.file = file
        self.logLevel = level
        self.metadataProvider = metadataProvider
    }

    /// Reads or writes one metadata value.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Writes the event as one line.
    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        file.append(
            Self.format(
                date: Date(), level: event.level, label: label, message: event.message.description,
                metadata: merged))
    }

    /// Formats one line, newline-terminated; exposed for tests.
    static func format(
        date: Date, level: Logger.Level, label: String, message: String, metadata: Logger.Metadata
    ) -> String {
        var line =
            "\(RFC3339.string(from: date)) \(level.rawValue) \(TextSanitizer.sanitize(label, maxLength: 64)): "
        line += TextSanitizer.sanitize(message, maxLength: 4_096)
        for key in metadata.keys.sorted() {
            guard let value = metadata[key] else { continue }
            line +=
                " \(TextSanitizer.sanitize(key, maxLength: 64))=\(quoted(TextSanitizer.sanitize("\(value)")))"
        }
        return line + "\n"
    }

    private static func quoted(_ value: String) -> String {
        guard value.isEmpty || value.contains(where: { $0 == " " || $0 == "\"" || $0 == "=" }) else {
            return value
        }
        return "\""
            + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            + "\""
    }
}
