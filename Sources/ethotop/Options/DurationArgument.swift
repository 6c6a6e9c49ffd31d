import ArgumentParser
import Resilience

/// A duration on the command line: `250ms`, `5s`, `1.5s`, `2m`, `1h`.
///
/// The same units as the config file. (When the config loader's duration parser lands in
/// `Monitor`, this can delegate to it; the syntax is the same.)
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
    var defaultValueDescription: String { Self.format(duration) }

    /// `duration` as the shortest exact `<number><unit>` (`250ms`, `5s`, `2m`).
    static func format(_ duration: Duration) -> String {
        let milliseconds = duration.nanoseconds / 1_000_000
        if milliseconds % 3_600_000 == 0 && milliseconds > 0 { return "\(milliseconds / 3_600_000)h" }
        if milliseconds % 60_000 == 0 && milliseconds > 0 { return "\(milliseconds / 60_000)m" }
        if milliseconds % 1_000 == 0 { return "\(milliseconds / 1_000)s" }
        return "\(milliseconds)ms"
    }

    /// Parses `<number><unit>` with unit `ms`, `s`, `m` or `h`; `nil` when malformed.
    static func parse(_ text: String) -> Duration? {
        let units: [(String, Double)] = [("ms", 1e-3), ("s", 1), ("m", 60), ("h", 3_600)]
        for (unit, scale) in units where text.hasSuffix(unit) {
            let number = text.dropLast(unit.count)
            guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
                let value = Double(number), value.isFinite
            else { continue }
            let nanoseconds = value * scale * 1e9
            guard nanoseconds < 1e18 else { return nil }
            return .nanoseconds(Int64(nanoseconds.rounded()))
        }
        return nil
    }
}
