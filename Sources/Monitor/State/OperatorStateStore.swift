public import Foundation

/// Loads and saves ``OperatorState`` at `$XDG_STATE_HOME/ethotop/state.json`
/// (default `~/.local/state/ethotop/state.json`).
///
/// Saving is atomic and durable (``AtomicFile``). Loading never fails: a missing file is an empty
/// state; a corrupt, unreadable or future-version file is renamed to `state.json.corrupt-<UTC time>`
/// (so the next save does not destroy the evidence) and reported as a warning for the event log.
public struct OperatorStateStore: Sendable {
    /// The state file.
    public let url: URL

    /// A store at `url`.
    public init(url: URL) { self.url = url }

    /// A store at the XDG location derived from `environment` (`XDG_STATE_HOME`, `HOME`).
    public init(environment: [String: String]) {
        self.init(url: URL(fileURLWithPath: Self.defaultPath(environment: environment)))
    }

    /// `$XDG_STATE_HOME/ethotop/state.json`, or `~/.local/state/ethotop/state.json` when the variable
    /// is unset, empty or relative.
    public static func defaultPath(environment: [String: String]) -> String {
        let base: String
        if let xdg = environment["XDG_STATE_HOME"], xdg.hasPrefix("/") {
            base = xdg
        } else {
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            base = home + "/.local/state"
        }
        return base + "/ethotop/state.json"
    }

    /// What ``load(now:)`` found.
    public struct LoadResult: Sendable, Hashable {
        /// The state (empty when the file was missing or bad).
        public var state: OperatorState
        /// A problem to tell the operator about, if any (e.g. the file was corrupt and moved aside).
        public var warning: String?
    }

    /// Reads the state. Never throws: problems become a warning and an empty state.
    ///
    /// Also removes temporary files of writers that died mid-write: they never reach the state
    /// file (the rename is what publishes a write), so they are litter, not state.
    public func load(now: Date = Date()) -> LoadResult {
        AtomicFile.removeAbandonedTemporaries(of: url)
        let path = url.path
        guard FileManager.default.fileExists(atPath: path) else {
            return LoadResult(state: .empty, warning: nil)
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            return moveAside(now: now, reason: "cannot be read (\((error as NSError).localizedDescription))")
        }
        if data.isEmpty { return moveAside(now: now, reason: "is empty") }
        let state: OperatorState
        do {
            state = try JSONDecoder.stateDecoder.decode(OperatorState.self, from: data)
        } catch {
            return moveAside(now: now, reason: "is not valid state JSON")
        }
        guard state.version == OperatorState.currentVersion else {
            return moveAside(
                now: now,
                reason:
                    "has format version \(state.version), this ethotop reads \(OperatorState.currentVersion)")
        }
        return LoadResult(state: state, warning: nil)
    }

    /// Writes `state` atomically; an empty state is written too (it records "nothing held").
    public func save(_ state: OperatorState) throws(AtomicFile.WriteError) {
        var copy = state
        copy.version = OperatorState.currentVersion
        let data: Data
        do {
            data = try JSONEncoder.stateEncoder.encode(copy)
        } catch {
            throw AtomicFile.WriteError(step: "encode", path: url.path, code: EINVAL)
        }
        try AtomicFile.write(data + Data("\n".utf8), to: url)
    }

    private func moveAside(now: Date, reason: String) -> LoadResult {
        let stamp = Self.stampFormatter.string(from: now)
        var target = url.path + ".corrupt-" + stamp
        var suffix = 1
        while FileManager.default.fileExists(atPath: target) {
            suffix += 1
            target = url.path + ".corrupt-" + stamp + "-\(suffix)"
        }
        let warning: String
        if rename(url.path, target) == 0 {
            warning =
                "operator state file \(url.path) \(reason); moved to \(target) and started with no overrides"
        } else {
            let cause = String(cString: strerror(errno))
            warning =
                "operator state file \(url.path) \(reason) and could not be moved aside (\(cause)); "
                + "started with no overrides"
        }
        return LoadResult(state: .empty, warning: warning)
    }

    private static var stampFormatter: DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter
    }
}

extension JSONEncoder {
    static var stateEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }
}

extension JSONDecoder {
    static var stateDecoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
