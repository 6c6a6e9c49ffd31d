import ChaosServer
import FaultPeers
import Foundation
import Monitor
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Signals against the real dashboard in a real terminal: suspend and resume (Ctrl-Z, `fg`), a
/// crash (`kill -SEGV`, `-ABRT`, …) and the other endings leave the terminal restored and the
/// operator state file intact; `kill -9`, which nothing can catch, is the control case.
/// (Quit keys, SIGTERM, SIGHUP and SIGINT restoring the terminal, resizes, `NO_COLOR` and
/// `LANG=C` are the terminal end-to-end suite's; here those endings are checked for the state file.)
@Suite(.serialized, .timeLimit(.minutes(3)))
struct SignalFaultTests {
    static func config(_ server: ChaosServer) -> String {
        """
        refresh: 100ms
        defaults:
          interval: 200ms
          retry: { max_tries: 1 }
        endpoints:
          - name: api
            url: "\(server.url(for: "/ok"))"
          - name: web
            url: "\(server.url(for: "/delay?ms=5"))"
        """
    }

    /// Runs `body` with a ChaosServer and the dashboard watching it.
    func withDashboard(_ body: (DashboardInTmux, ChaosServer) async throws -> Void) async throws {
        try await withChaosServer { server in
            let files = try Scratch.directory("ethotop-signals")
            defer { try? FileManager.default.removeItem(atPath: files) }
            let config = files + "/config.yaml"
            try Self.config(server).write(toFile: config, atomically: true, encoding: .utf8)
            try await DashboardInTmux.with(arguments: ["--config", config, "--refresh", "100ms"]) {
                terminal in
                try await terminal.waitFor(text: "api")
                try await body(terminal, server)
            }
        }
    }

    /// Whether `modes` (words of `stty -a`) are a cooked terminal: echo, line editing, signals.
    static func isRestored(_ modes: Set<String>) -> Bool {
        modes.isSuperset(of: ["echo", "icanon", "isig"])
            && modes.isDisjoint(with: ["-echo", "-icanon", "-isig"])
    }

    /// The process state letter from `/proc/PID/stat` (`T`: stopped).
    static func processState(_ pid: pid_t) -> Character? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        return stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
    }

    /// Forces the selected endpoint open with `o` and waits until the state file says so.
    func forceOpenSelected(_ terminal: DashboardInTmux) async throws -> String {
        try await terminal.press("o")
        let store = OperatorStateStore(url: URL(fileURLWithPath: terminal.stateFile))
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if FileManager.default.fileExists(atPath: terminal.stateFile),
                let held = store.load().state.endpoints.first(where: { $0.value.hold == .forcedOpen })
            {
                return held.key
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw ChildProcess.Failure("the state file never recorded the force-open")
    }

    @Test func suspendGivesTheTerminalBackAndResumeRedrawsIt() async throws {
        try await withDashboard { terminal, _ in
            let pid = try await terminal.pid()
            #expect(try await terminal.format("#{alternate_on}") == "1")

            try await terminal.press("C-z")
            let suspended = try await terminal.terminalModes(suspended: true)
            #expect(Self.isRestored(suspended), "stopped, ethotop left the terminal cooked: \(suspended)")
            #expect(try await terminal.format("#{alternate_on}") == "0", "and the normal screen back")
            #expect(try await terminal.format("#{cursor_flag}") == "1", "with the cursor visible")
            #expect(Self.processState(pid) == "T", "the process is stopped, not just quiet")

            // Something else draws on the terminal meanwhile, as the shell would.
            try await terminal.tmux(["send-keys", "-t", "faults", "-l", "clobbered by the shell"])
            terminal.resume()
            let redrawn = try await terminal.waitForScreen("the dashboard to redraw after fg") {
                $0.contains("Endpoints") && $0.contains("web")
            }
            #expect(!redrawn.contains("clobbered by the shell"), "a full repaint, not a partial one")
            #expect(try await terminal.format("#{alternate_on}") == "1")
            #expect(Self.processState(pid) != "T")

            // Still answering keys after the round trip.
            try await terminal.press("?")
            try await terminal.waitFor(text: "Breakers (selected endpoint)", timeout: .seconds(10))
            try await terminal.press("Escape", "q")
            #expect(try await terminal.exitStatus() == 0)
            #expect(Self.isRestored(try await terminal.terminalModes()))
        }
    }

    /// How the dashboard ends in ``endingKeepsTheStateFile(_:)``.
    enum Ending: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case quitKey, sigterm, sighup, sigint, sigsegv, sigabrt, sigbus, sigkill

        var testDescription: String { rawValue }

        var signal: Int32? {
            switch self {
            case .quitKey: nil
            case .sigterm: SIGTERM
            case .sighup: SIGHUP
            case .sigint: SIGINT
            case .sigsegv: SIGSEGV
            case .sigabrt: SIGABRT
            case .sigbus: SIGBUS
            case .sigkill: SIGKILL
            }
        }

        var isCrash: Bool { [.sigsegv, .sigabrt, .sigbus].contains(self) }
    }

    /// Every ending leaves the state file whole with the override the operator set; a crash
    /// also leaves the terminal restored (the crash handler's `endwin`) and dies of its signal.
    /// `kill -9` cannot be caught: the terminal stays raw — which also shows that the harness
    /// sees the terminal as ethotop left it, not as the shell repaired it.
    @Test(arguments: Ending.allCases)
    func endingKeepsTheStateFile(_ ending: Ending) async throws {
        try await withDashboard { terminal, _ in
            let pid = try await terminal.pid()
            let held = try await forceOpenSelected(terminal)
            try await terminal.waitFor(text: "FORCED")
            if let signal = ending.signal {
                kill(pid, signal)
            } else {
                try await terminal.press("q")
            }
            let status = try await terminal.exitStatus(answeringTheBacktracer: ending.isCrash)
            let modes = try await terminal.terminalModes()
            switch ending {
            case .quitKey:
                #expect(status == 0)
            case .sigterm, .sighup, .sigint:
                #expect(status == 128 + (ending.signal ?? 0))
            case .sigsegv, .sigabrt, .sigbus:
                #expect(status == 128 + (ending.signal ?? 0), "dies of the signal, not swallowed")
                #expect(Self.isRestored(modes), "the crash handler restored the terminal: \(modes)")
                #expect(try await terminal.format("#{alternate_on}") == "0")
                #expect(try await terminal.format("#{cursor_flag}") == "1")
            case .sigkill:
                #expect(status == 128 + SIGKILL)
                #expect(
                    modes.contains("-echo") && modes.contains("-icanon"), "nothing restores after kill -9")
            }
            let loaded = OperatorStateStore(url: URL(fileURLWithPath: terminal.stateFile)).load()
            #expect(loaded.warning == nil, "\(loaded.warning ?? "")")
            #expect(loaded.state[held].hold == .forcedOpen, "the override survived \(ending)")
        }
    }

    /// The real binary writing its state file from the keyboard: a burst of `o` (force open,
    /// release, …, one atomic write each) and a `kill -9` in the middle of it, a few times over
    /// one state file. Every time, the file left behind loads cleanly.
    @Test func killNineDuringAKeyBurstOfStateWrites() async throws {
        var random = SystemRandomNumberGenerator()
        try await withChaosServer { server in
            let files = try Scratch.directory("ethotop-burst")
            defer { try? FileManager.default.removeItem(atPath: files) }
            let config = files + "/config.yaml"
            try Self.config(server).write(toFile: config, atomically: true, encoding: .utf8)
            let state = files + "/state"
            for round in 0..<3 {
                try await DashboardInTmux.with(
                    arguments: ["--config", config, "--refresh", "100ms"],
                    extraEnvironment: ["XDG_STATE_HOME": state]
                ) { terminal in
                    try await terminal.waitFor(text: "api")
                    let pid = try await terminal.pid()
                    let before =
                        (try? Data(contentsOf: URL(fileURLWithPath: state + "/ethotop/state.json"))) ?? Data()
                    try await terminal.press(contentsOf: Array(repeating: "o", count: 60 + round))
                    // Wait for the first write of this burst, then kill at a random moment.
                    let deadline = ContinuousClock.now + .seconds(60)
                    while ContinuousClock.now < deadline,
                        ((try? Data(contentsOf: URL(fileURLWithPath: state + "/ethotop/state.json")))
                            ?? Data()) == before
                    {
                        try await Task.sleep(for: .milliseconds(2))
                    }
                    try await Task.sleep(for: .milliseconds(Int.random(in: 0..<30, using: &random)))
                    kill(pid, SIGKILL)
                    #expect(try await terminal.exitStatus() == 128 + SIGKILL)
                    let loaded = OperatorStateStore(url: URL(fileURLWithPath: state + "/ethotop/state.json"))
                        .load()
                    #expect(loaded.warning == nil, "round \(round): \(loaded.warning ?? "")")
                    let names =
                        ((try? FileManager.default.contentsOfDirectory(atPath: state + "/ethotop")) ?? [])
                    #expect(!names.contains { $0.contains("corrupt") || $0.contains(".tmp-") }, "\(names)")
                }
            }
        }
    }
}

extension DashboardInTmux {
    /// Presses every key of `keys` in one `send-keys`, as fast as a terminal delivers them.
    func press(contentsOf keys: [String]) async throws {
        try await tmux(["send-keys", "-t", "faults"] + keys)
    }
}
