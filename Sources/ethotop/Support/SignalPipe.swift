import Dispatch
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The write end of the process's signal pipe, read by the async-signal-safe handler.
nonisolated(unsafe) private var signalPipeWriteEnd: Int32 = -1

/// The handler: one byte (the signal number) down the pipe. `write` is async-signal-safe.
private func writeSignalToPipe(_ number: Int32) {
    var byte = UInt8(truncatingIfNeeded: number)
    let saved = errno
    _ = write(signalPipeWriteEnd, &byte, 1)
    errno = saved
}

/// Delivers signals through a self-pipe: a `sigaction` handler writes the signal number to a
/// pipe, and a Dispatch read source hands it to the listeners.
///
/// A `DispatchSource` signal source alone is not reliable on Linux: libdispatch reads signals
/// with `signalfd`, which only sees a signal while every thread blocks it, and a signal that is
/// `SIG_IGN`'d is discarded when it is raised — so whether it arrived depended on which thread the
/// kernel picked. A handler runs on whichever thread that is, so nothing is lost.
final class SignalPipe: Sendable {
    /// The process-wide pipe (handlers are process-wide too).
    static let shared = SignalPipe()

    private struct Listener {
        var signals: Set<Int32>
        var deliver: @Sendable (Int32) -> Void
    }

    private let listeners = Mutex<(next: UInt64, all: [UInt64: Listener])>((0, [:]))
    nonisolated(unsafe) private let source: (any DispatchSourceRead)?

    private init() {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else {
            source = nil
            return
        }
        for end in ends {
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
        }
        signalPipeWriteEnd = ends[1]
        let readEnd = ends[0]
        let source = DispatchSource.makeReadSource(
            fileDescriptor: readEnd, queue: DispatchQueue(label: "ethotop.signals"))
        self.source = source
        source.setEventHandler { [weak self] in
            var buffer = [UInt8](repeating: 0, count: 64)
            while true {
                let count = read(readEnd, &buffer, buffer.count)
                guard count > 0 else { break }
                for byte in buffer.prefix(count) { self?.dispatch(Int32(byte)) }
            }
        }
        source.resume()
    }

    /// Starts catching `signals` and calls `deliver` for each one received until
    /// ``stopListening(_:)``. The handlers stay installed for the rest of the process, so the
    /// signals' default action (terminate) never comes back mid-shutdown.
    func listen(to signals: [Int32], _ deliver: @escaping @Sendable (Int32) -> Void) -> UInt64 {
        let id = listeners.withLock { state -> UInt64 in
            state.next += 1
            state.all[state.next] = Listener(signals: Set(signals), deliver: deliver)
            return state.next
        }
        for number in signals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = writeSignalToPipe
            sigemptyset(&action.sa_mask)
            action.sa_flags = Int32(SA_RESTART)
            sigaction(number, &action, nil)
        }
        return id
    }

    /// Stops delivering to the listener `id`.
    func stopListening(_ id: UInt64) {
        _ = listeners.withLock { $0.all.removeValue(forKey: id) }
    }

    private func dispatch(_ number: Int32) {
        let targets = listeners.withLock { state in
            state.all.values.filter { $0.signals.contains(number) }.map(\.deliver)
        }
        for deliver in targets { deliver(number) }
    }
}
