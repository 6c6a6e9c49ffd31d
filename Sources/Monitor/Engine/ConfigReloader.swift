/// Re-reads the config file and applies it to a running engine, or records why not.
///
/// The one implementation of a reload: SIGHUP (`HangupReloader` in the CLI) and the agent's
/// `POST /v1/reload` both call it, so they cannot disagree about what a reload does.
public struct ConfigReloader: Sendable {
    /// What a reload did.
    public enum Outcome: Sendable, Equatable {
        /// The new config runs; what changed.
        case accepted(ConfigDiff)
        /// The file was invalid (each problem `FILE:LINE:COL: message`); the old config runs on.
        case rejected([String])
    }

    /// The engine to reload.
    public let engine: Engine
    /// The config file it was started from.
    public let path: String
    /// The loader it was started with (same environment for `${VAR}` expansion).
    public let loader: ConfigLoader

    /// A reloader of `engine` from `path`.
    public init(engine: Engine, path: String, loader: ConfigLoader) {
        self.engine = engine
        self.path = path
        self.loader = loader
    }

    /// Loads the file and applies it, or records the rejection as events; `author` (who asked)
    /// is recorded in the reload event.
    @discardableResult
    public func reload(author: String? = nil) -> Outcome {
        do throws(ConfigErrors) {
            return .accepted(engine.reload(try loader.load(path: path), author: author))
        } catch {
            let messages = error.errors.map(\.description)
            engine.reloadRejected(messages, author: author)
            return .rejected(messages)
        }
    }
}
