import CNcursesw
import Glibc
import Synchronization

/// Signals, turned into flags the dashboard loop polls, plus a last-resort terminal restore.
///
/// - SIGINT, SIGTERM, SIGHUP: request a clean quit (the loop calls `endwin` and returns).
///   A second one while the first is pending restores the terminal in the handler and exits,
///   so a wedged process can still be stopped without leaving the terminal in raw mode.
/// - SIGTSTP: request a suspend (the loop calls `endwin`, stops, and redraws on resume);
///   SIGCONT: request a full repaint (the shell may have drawn over the screen).
/// - SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP (crashes, Swift traps): `endwin`, then
///   the previous handler (the Swift runtime's backtracer, or the default) via re-raise. The
///   handler may run on any thread (libdispatch's signal thread takes a `kill -ABRT`), so it
///   also marks the crash, and the dashboard thread parks at its next ncurses call instead of
///   redrawing: a redraw after `endwin` re-enters program mode, and the process would die,
///   after the backtracer's seconds, with the terminal raw and on the alternate screen.
/// Installed before ncurses starts, so ncurses does not install its own for the same signals.
enum TerminalSignals {
    /// What the loop must do, as read by ``take()``.
    struct Pending: Equatable {
        /// The quit signal received (SIGINT, SIGTERM or SIGHUP), if any.
        var quitSignal: Int32?
        var quit: Bool { quitSignal != nil }
        var suspend = false
        var resumed = false
    }

    static let quitSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP]
    static let crashSignals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP]

    /// Installs every handler; safe to call again (e.g. after a suspend).
    static func install() {
        // Only the first install saves the previous handlers: later ones would save our own.
        let first = !previousHandlersSaved.exchange(true, ordering: .acquiringAndReleasing)
        for signal in quitSignals + [SIGTSTP, SIGCONT] where first {
            sigaction(signal, nil, previousActions + Int(signal))
        }
        // The dashboard thread may inherit a mask that blocks signals (threads started from
        // Swift concurrency workers do); unblock ours so raise() on this thread is delivered.
        var mask = sigset_t()
        sigemptyset(&mask)
        for signal in quitSignals + [SIGTSTP, SIGCONT] + crashSignals { sigaddset(&mask, signal) }
        pthread_sigmask(SIG_UNBLOCK, &mask, nil)
        for signal in quitSignals { setHandler(signal, onQuitSignal, flags: SA_RESTART) }
        setHandler(SIGTSTP, onSuspendSignal, flags: SA_RESTART)
        setHandler(SIGCONT, onContinueSignal, flags: SA_RESTART)
        for signal in crashSignals {
            var previous = sigaction()
            var action = sigaction()
            action.__sigaction_handler.sa_handler = onCrashSignal
            sigemptyset(&action.sa_mask)
            action.sa_flags = Int32(bitPattern: UInt32(SA_RESETHAND) | UInt32(SA_NODEFER))
            sigaction(signal, &action, &previous)
            if first { previousActions[Int(signal)] = previous }
        }
        installed.store(true, ordering: .releasing)
    }

    /// Puts back the handlers that were there before ``install()`` (the CLI may have its own).
    static func uninstall() {
        installed.store(false, ordering: .releasing)
        for signal in quitSignals + [SIGTSTP, SIGCONT] + crashSignals {
            var previous = previousActions[Int(signal)]
            if previous.__sigaction_handler.sa_handler == nil {
                previous.__sigaction_handler.sa_handler = SIG_DFL
            }
            sigaction(signal, &previous, nil)
        }
    }

    /// Reads and clears the pending flags.
    static func take() -> Pending {
        let bits = pending.exchange(0, ordering: .acquiringAndReleasing)
        let quitSignal = bits & quitBit != 0 ? lastQuitSignal.load(ordering: .acquiring) : nil
        return Pending(
            quitSignal: quitSignal, suspend: bits & suspendBit != 0, resumed: bits & resumeBit != 0)
    }

    /// Whether a crash signal arrived: from then on nothing may touch the terminal.
    static var hasCrashed: Bool { crashed.load(ordering: .acquiring) }

    /// Parks the calling thread for good, for the dashboard thread after a crash: the process is
    /// about to die of the crash signal, and the terminal the handler restored must stay so.
    static func parkAfterCrash() -> Never {
        while true { pause() }
    }

    /// Stops the process (as SIGTSTP's default would) and returns once continued.
    static func stopUntilContinued() {
        Glibc.signal(SIGTSTP, SIG_DFL)
        // raise, not kill: directed at this thread (which install() unblocked), the stop takes
        // effect before raise returns. A process-directed kill may be taken by another thread
        // later, after the handler below is back, and the stop would be missed.
        raise(SIGTSTP)
        setHandler(SIGTSTP, onSuspendSignal, flags: SA_RESTART)
    }

    private static let quitBit: UInt32 = 1
    private static let suspendBit: UInt32 = 2
    private static let resumeBit: UInt32 = 4
    private static let pending = Atomic<UInt32>(0)
    private static let installed = Atomic<Bool>(false)
    private static let crashed = Atomic<Bool>(false)
    private static let previousHandlersSaved = Atomic<Bool>(false)
    private static let lastQuitSignal = Atomic<Int32>(0)

    /// The handlers that were in place before ours (signal number → action), restored by
    /// ``uninstall()`` and chained to by the crash handler. Written only by the first
    /// ``install()``, before the handlers that read it are active.
    nonisolated(unsafe) private static let previousActions: UnsafeMutablePointer<sigaction> = {
        let table = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)
        table.initialize(repeating: sigaction(), count: 65)
        return table
    }()

    private static func setHandler(_ signal: Int32, _ handler: @convention(c) (Int32) -> Void, flags: Int32) {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = handler
        sigemptyset(&action.sa_mask)
        action.sa_flags = flags
        sigaction(signal, &action, nil)
    }

    private static let onQuitSignal: @convention(c) (Int32) -> Void = { signal in
        TerminalSignals.lastQuitSignal.store(signal, ordering: .releasing)
        let before = TerminalSignals.pending.bitwiseOr(
            TerminalSignals.quitBit, ordering: .acquiringAndReleasing
        ).oldValue
        if before & TerminalSignals.quitBit != 0 {
            // Second request while the first is unanswered: restore the terminal here and go.
            endwin()
            _exit(128 + signal)
        }
    }

    private static let onSuspendSignal: @convention(c) (Int32) -> Void = { _ in
        TerminalSignals.pending.bitwiseOr(TerminalSignals.suspendBit, ordering: .acquiringAndReleasing)
    }

    private static let onContinueSignal: @convention(c) (Int32) -> Void = { _ in
        TerminalSignals.pending.bitwiseOr(TerminalSignals.resumeBit, ordering: .acquiringAndReleasing)
    }

    private static let onCrashSignal: @convention(c) (Int32) -> Void = { signal in
        TerminalSignals.crashed.store(true, ordering: .releasing)
        if TerminalSignals.installed.load(ordering: .acquiring) { endwin() }
        var previous = TerminalSignals.previousActions[Int(signal)]
        if previous.__sigaction_handler.sa_handler == nil {
            previous.__sigaction_handler.sa_handler = SIG_DFL
        }
        sigaction(signal, &previous, nil)
        raise(signal)
        // Still here: the previous handler returned (the Swift backtracer ignores a crash
        // signal sent with kill). Die the default way so the crash is not swallowed.
        Glibc.signal(signal, SIG_DFL)
        raise(signal)
    }
}
