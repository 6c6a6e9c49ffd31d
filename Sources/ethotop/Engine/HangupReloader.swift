import Foundation
import Monitor

#if canImport(Glibc)
    import Glibc
#endif

/// Reloads the config on SIGHUP, for the headless commands (`watch`, `serve`, `snapshot`).
///
/// A valid new config is applied with the state of unchanged endpoints kept; an invalid one is
/// rejected with its errors as events and the old config keeps running. The dashboard does not
/// use this: there SIGHUP means the terminal hung up (an SSH drop), and it restores and exits.
final class HangupReloader: Sendable {
    private let listener: UInt64

    /// What SIGHUP runs; also what the agent's `POST /v1/reload` runs.
    let reloader: ConfigReloader

    init(engine: Engine, path: String, loader: ConfigLoader) {
        let reloader = ConfigReloader(engine: engine, path: path, loader: loader)
        self.reloader = reloader
        listener = SignalPipe.shared.listen(to: [SIGHUP]) { _ in reloader.reload() }
    }

    func cancel() { SignalPipe.shared.stopListening(listener) }
}
