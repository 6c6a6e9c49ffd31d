import ArgumentParser
import Monitor

/// A duration on the command line, written as in the config: `250ms`, `5s`, `1.5s`, `1m30s`, `1h`.
///
/// Parsing and formatting are the config's own (``DurationParser``), so a value that works in
/// the config file works on the command line and `--help` shows defaults in the same syntax.
struct DurationArgument: ExpressibleByArgument, Equatable {
    /// The parsed duration (always positive).
    var duration: Duration

    init(_ duration: Duration) { self.duration = duration }

    init?(argument: String) {
        guard let duration = Self.parse(argument), duration > .zero else { return nil }
        self.duration = duration
    }

    static var defaultCompletionKind: CompletionKind { .default }

    /// Shown as the default in `--help`, in the syntax it is typed in.
    var defaultValueDescription: String { DurationParser.format(duration) }

    /// The config's duration syntax; `nil` when malformed.
    static func parse(_ text: String) -> Duration? {
        try? DurationParser.parse(text)
    }
}
