import Foundation
import History
import Logging
import Monitor

/// Starts the history writer next to an engine: the one place the CLI opens the database for
/// writing (docs/HISTORY.md).
enum HistoryAttachment {
    /// Opens the history file `request` asks for and starts recording `engine`; `nil` when
    /// history is off, or when another ethotop (normally `serve`) already records to the file.
    ///
    /// `headless` (serve): nothing else reads snapshots, so each sample publishes exactly one.
    ///
    /// - Throws: ``HistoryFileError`` for a file that cannot be used (symlink, directory, FIFO,
    ///   foreign or corrupt file, newer schema): the command stops with that message.
    static func start(
        _ request: HistoryRequest, spec: HistorySpec, engine: Engine, environment: [String: String],
        logger: Logger, headless: Bool = false
    ) throws(HistoryFileError) -> HistoryWriter? {
        let path: String
        switch request {
        case .off: return nil
        case .file(let file): path = file
        case .configured:
            guard let file = spec.file ?? HistoryLocation.defaultPath(environment: environment) else {
                return nil
            }
            path = file
        }
        let policy = HistoryStore.Policy(
            bucketSeconds: Int(spec.bucket.components.seconds), retention: spec.retention)
        let store: HistoryStore
        do {
            store = try HistoryStore.openForWriting(path: path, policy: policy)
        } catch .busy(let busy) {
            engine.note(.info, message: "history: another ethotop records to \(busy); this one does not")
            logger.info("history busy", metadata: ["file": "\(busy)"])
            return nil
        }
        if let previous = store.uncleanPrevious {
            let last = previous.lastWrite.map { RFC3339.string(from: $0) } ?? "its start"
            let message =
                "history: the previous run (started \(RFC3339.string(from: previous.started))) stopped without "
                + "closing \(path); what it saw after \(last) is lost (at most 1 s of events, 10 s of counts)"
            engine.note(.error, message: message)
            logger.warning(
                "history: unclean stop detected", metadata: ["file": "\(path)", "last_write": "\(last)"])
        }
        logger.info("recording history", metadata: ["file": "\(path)"])
        var snapshot: (@Sendable () -> Snapshot)?
        if headless { snapshot = { @Sendable [engine] in engine.publishNow() } }
        return HistoryWriter(store: store, source: engine, snapshot: snapshot) { [weak engine] status in
            switch status {
            case .failing(let why):
                engine?.note(
                    .error,
                    message:
                        "history: cannot write \(path) (\(why)); probing goes on, recording resumes when it can"
                )
                logger.error("history write failed", metadata: ["file": "\(path)", "error": "\(why)"])
            case .resumed(let lost):
                engine?.note(.info, message: "history: writing \(path) again; \(lost) batch(es) were lost")
                logger.info(
                    "history write resumed", metadata: ["file": "\(path)", "lost_batches": "\(lost)"])
            }
        }
    }
}
