import FaultPeers
import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The real `ethotop` dashboard in a real terminal (its own tmux server), with every byte it
/// writes to the terminal recorded, and the terminal's state observable before, during and after.
///
/// The pane runs a bash script with job control on, like an operator's shell: it waits for the
/// test to attach the raw recorder (`pipe-pane`), starts ethotop in the foreground (recording its
/// pid), and when ethotop stops (Ctrl-Z, SIGTSTP) writes `stty -a` and waits for the test to say
/// `fg`; when ethotop exits, it writes the exit status and `stty -a` and keeps the pane open. Bash
/// without an interactive shell does not repair the terminal after a job, so what `stty` sees is
/// what ethotop left (the `kill -9` control case shows it).
final class DashboardInTmux {
    let directory: String
    private let socket: String
    private let environment: [String: String]
    private static let session = "faults"

    /// The built `ethotop` next to the test bundle.
    static var binary: String { BuiltBinary.url.path }

    /// Starts ethotop with `arguments` (the config and so on) in a `width`×`height` terminal.
    static func start(
        arguments: [String], width: Int = 120, height: Int = 32, extraEnvironment: [String: String] = [:]
    ) async throws -> DashboardInTmux {
        let terminal = try DashboardInTmux(arguments: arguments, extraEnvironment: extraEnvironment)
        do {
            try await terminal.tmux([
                "new-session", "-d", "-s", session, "-x", "\(width)", "-y", "\(height)", "/bin/bash",
                "\(terminal.directory)/run.sh",
            ])
            try await terminal.tmux([
                "pipe-pane", "-O", "-t", session, "cat >> \(quote(terminal.directory + "/raw.bin"))",
            ])
        } catch {
            await terminal.close()
            throw error
        }
        _ = FileManager.default.createFile(atPath: "\(terminal.directory)/go", contents: Data())
        return terminal
    }

    /// Writes the pane's script; ``start(arguments:width:height:extraEnvironment:)`` runs it.
    private init(arguments: [String], extraEnvironment: [String: String]) throws {
        directory = try Scratch.directory("ethotop-faults-tty")
        socket = "faults-\(getpid())-\(UUID().uuidString.prefix(8))"
        environment = [
            "PATH": "/usr/bin:/bin", "HOME": directory, "TMUX_TMPDIR": directory, "SHELL": "/bin/bash",
            "LANG": "C.UTF-8", "TERM": "xterm-256color",
        ]
        for sub in ["home", "state", "config"] {
            try FileManager.default.createDirectory(
                atPath: "\(directory)/\(sub)", withIntermediateDirectories: true)
        }
        let variables =
            [
                "TERM": "tmux-256color", "LANG": "C.UTF-8", "HOME": "\(directory)/home",
                "XDG_STATE_HOME": "\(directory)/state", "XDG_CONFIG_HOME": "\(directory)/config",
                "PATH": "/usr/bin:/bin",
            ].merging(extraEnvironment) { $1 }
        let command =
            ["env", "-i"] + variables.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            + [Self.binary] + arguments
        let quoted = command.map(Self.quote).joined(separator: " ")
        let dir = Self.quote(directory)
        let script = """
            #!/bin/bash
            # Wait for the raw recorder, so the very first byte ethotop writes is captured.
            while [ ! -e \(dir)/go ]; do sleep 0.01; done
            set -m
            # A trap, not an ignore (which exec would pass on): bash would otherwise end itself
            # when its foreground job dies of SIGINT, and could not report.
            trap ':' INT
            publish() { cat > \(dir)/"$1".tmp && mv \(dir)/"$1".tmp \(dir)/"$1"; }
            sh -c 'echo $$ > "$0.tmp" && mv "$0.tmp" "$0" && exec "$@"' \(dir)/pid \(quoted)
            status=$?
            while [ -n "$(jobs -sp)" ]; do
              # Stopped (Ctrl-Z): record the terminal as ethotop left it, wait for the test, fg.
              stty -a | publish stty-suspended
              echo stopped | publish suspended
              while [ ! -e \(dir)/resume ]; do sleep 0.01; done
              rm -f \(dir)/resume \(dir)/suspended \(dir)/stty-suspended
              fg > /dev/null
              status=$?
            done
            stty -a | publish stty
            echo "$status" | publish status
            echo "[ethotop exited $status]"
            exec sleep 3600

            """
        try script.write(toFile: "\(directory)/run.sh", atomically: true, encoding: .utf8)
    }

    /// `text` single-quoted for sh.
    static func quote(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// Runs a tmux command against this server; answers its output.
    @discardableResult
    func tmux(_ arguments: [String]) async throws -> String {
        try await ChildProcess.run(
            ["/usr/bin/tmux", "-L", socket, "-f", "/dev/null"] + arguments, in: directory,
            environment: environment)
    }

    /// The visible screen as text.
    func screen() async throws -> String { try await tmux(["capture-pane", "-p", "-t", Self.session]) }

    /// A tmux format of the pane, e.g. `#{alternate_on}`.
    func format(_ format: String) async throws -> String {
        try await tmux(["display-message", "-p", "-t", Self.session, format])
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Presses keys (tmux key names or characters).
    func press(_ keys: String...) async throws { try await tmux(["send-keys", "-t", Self.session] + keys) }

    /// Every byte ethotop (and the script) wrote to the terminal so far.
    var rawOutput: [UInt8] {
        (FileManager.default.contents(atPath: "\(directory)/raw.bin")).map { Array($0) } ?? []
    }

    /// Waits until the screen satisfies `condition`; answers it. Records the screen on timeout.
    @discardableResult
    func waitForScreen(
        _ what: String, timeout: Duration = .seconds(60), sourceLocation: SourceLocation = #_sourceLocation,
        _ condition: (String) -> Bool
    ) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        var text = try await screen()
        while !condition(text) {
            guard ContinuousClock.now < deadline else {
                Issue.record(
                    "timed out waiting for \(what); the screen was:\n\(text)", sourceLocation: sourceLocation)
                throw ChildProcess.Failure("timed out waiting for \(what)")
            }
            try await Task.sleep(for: .milliseconds(20))
            text = try await screen()
        }
        return text
    }

    /// Waits until the screen shows `text`.
    @discardableResult
    func waitFor(
        text: String, timeout: Duration = .seconds(60), sourceLocation: SourceLocation = #_sourceLocation
    )
        async throws -> String
    {
        try await waitForScreen("\"\(text)\"", timeout: timeout, sourceLocation: sourceLocation) {
            $0.contains(text)
        }
    }

    /// Waits for a file the script publishes (written whole, so complete when present).
    func published(_ name: String, timeout: Duration = .seconds(60)) async throws -> String {
        let path = "\(directory)/\(name)"
        let deadline = ContinuousClock.now + timeout
        while true {
            if let text = try? String(contentsOfFile: path, encoding: .utf8) { return text }
            guard ContinuousClock.now < deadline else {
                let text = (try? await screen()) ?? "(no capture)"
                Issue.record("timed out waiting for \(name); the screen was:\n\(text)")
                throw ChildProcess.Failure("timed out waiting for \(name)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// ethotop's pid, once started.
    func pid() async throws -> pid_t {
        let text = try await published("pid")
        guard let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw ChildProcess.Failure("bad pid file: \(text)")
        }
        return pid
    }

    /// ethotop's exit status (128 + n for death by signal n), once it has exited.
    ///
    /// After a crash, the Swift runtime's backtracer prints a backtrace and, on a terminal, waits
    /// up to 30 s for a key ("Press space to interact, D to debug, or any other key to quit");
    /// with `answeringTheBacktracer`, the test presses one, as the operator would.
    func exitStatus(answeringTheBacktracer: Bool = false) async throws -> Int32 {
        if answeringTheBacktracer {
            let path = "\(directory)/status"
            try await waitForScreen("the backtracer's prompt or the exit", timeout: .seconds(60)) {
                $0.contains("any other key to quit") || FileManager.default.fileExists(atPath: path)
            }
            if !FileManager.default.fileExists(atPath: path) { try await press("q") }
        }
        let text = try await published("status")
        guard let status = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw ChildProcess.Failure("bad status file: \(text)")
        }
        return status
    }

    /// The terminal modes (`stty -a` words) after ethotop exited, or while it is stopped.
    func terminalModes(suspended: Bool = false) async throws -> Set<String> {
        let text = try await published(suspended ? "stty-suspended" : "stty")
        return Set(text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == ";" }).map(String.init))
    }

    /// Tells the script to bring the stopped ethotop back (`fg`, which sends SIGCONT).
    func resume() {
        _ = FileManager.default.createFile(atPath: "\(directory)/resume", contents: Data())
    }

    /// The operator state file ethotop writes.
    var stateFile: String { "\(directory)/state/ethotop/state.json" }

    /// Ends tmux (the pane's processes get SIGHUP), makes sure ethotop is gone, removes the files.
    func close() async {
        let pid = (try? String(contentsOfFile: "\(directory)/pid", encoding: .utf8))
            .flatMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        _ = try? await tmux(["kill-server"])
        if let pid {
            // A stopped process ignores SIGHUP until continued.
            kill(pid, SIGCONT)
            let deadline = ContinuousClock.now + .seconds(10)
            while Self.isRunning(pid), ContinuousClock.now < deadline {
                try? await Task.sleep(for: .milliseconds(20))
            }
            if Self.isRunning(pid) { kill(pid, SIGKILL) }
        }
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Whether `pid` is a live process (a zombie counts as gone).
    static func isRunning(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return false }
        let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
        return state != "Z" && state != "X"
    }

    /// Runs `body` with a started dashboard and always closes it.
    static func with(
        arguments: [String], width: Int = 120, height: Int = 32, extraEnvironment: [String: String] = [:],
        _ body: (DashboardInTmux) async throws -> Void
    ) async throws {
        let terminal = try await DashboardInTmux.start(
            arguments: arguments, width: width, height: height, extraEnvironment: extraEnvironment)
        do {
            try await body(terminal)
        } catch {
            await terminal.close()
            throw error
        }
        await terminal.close()
    }
}
