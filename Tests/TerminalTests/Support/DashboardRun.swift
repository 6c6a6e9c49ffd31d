import ChaosServer
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// How to start the real `ethotop` binary in the terminal.
struct Launch {
    /// Arguments after the binary; `nil`: the dashboard on the test config, refreshing every 100 ms.
    var arguments: [String]?
    /// Variables set for ethotop on top of `LANG=C.UTF-8` and the per-test XDG directories.
    var environment: [String: String] = [:]
    /// `TERM` for ethotop; `nil` keeps what tmux sets (`tmux-256color`).
    var term: String?
    /// Send ethotop's stdout to a file, so it is not a terminal (``DashboardRun/standardOutput``).
    var stdoutToFile = false
    var width = 100
    var height = 30
    /// Run an interactive shell in the pane instead, and let the test start ethotop from its
    /// prompt (``DashboardRun/startFromPrompt()``): for job control (Ctrl-Z, `fg`).
    var interactiveShell = false
}

/// The breaker policy of the test config: short enough that an outage trips and recovers in a
/// few seconds instead of the demo's 45 s cycle.
struct TestPolicy {
    var recoveryTimeout = "2s"
    var halfOpenCalls = 2

    /// Three endpoints on the test's ChaosServer: `catalog` (always up), `checkout` (down while
    /// the test turns its outage on) and `search`.
    func yaml(baseURL: String) -> String {
        """
        refresh: 100ms
        defaults:
          interval: 200ms
          timeout: 1s
          connect_timeout: 500ms
          retry: { max_tries: 1 }
          breaker:
            failure_threshold: 3
            recovery_timeout: \(recoveryTimeout)
            half_open_calls: \(halfOpenCalls)
        endpoints:
          - name: catalog
            group: shop
            url: "\(baseURL)/ok"
          - name: checkout
            group: shop
            url: "\(baseURL)/outage/checkout"
          - name: search
            group: edge
            url: "\(baseURL)/delay?ms=5"
        """
    }
}

/// One end-to-end run: a temp directory (config, XDG dirs, tmux socket), a ChaosServer, and
/// `ethotop` running in its own tmux server.
///
/// The pane runs a small script: it records ethotop's pid, runs it, and after it exits writes
/// the exit status and `stty -a` (the terminal modes ethotop left behind) to files, then keeps
/// the pane open so the test can inspect the screen ethotop gave back.
final class DashboardRun {
    let directory: String
    let terminal: TmuxTerminal
    let server: ChaosServer?
    /// The script that records its pid and then becomes ethotop.
    var launcherPath: String { Self.launcherPath(directory) }
    private static func launcherPath(_ directory: String) -> String { directory + "/ethotop.sh" }

    private init(directory: String, terminal: TmuxTerminal, server: ChaosServer?) {
        self.directory = directory
        self.terminal = terminal
        self.server = server
    }

    /// Starts a ChaosServer (unless `withServer` is false), writes the config and starts ethotop.
    static func start(
        _ launch: Launch = Launch(), policy: TestPolicy = TestPolicy(), withServer: Bool = true
    ) async throws -> DashboardRun {
        let server = withServer ? try await ChaosServer.start() : nil
        var directory: String?
        do {
            let prepared = try prepare(launch: launch, policy: policy, server: server)
            directory = prepared
            // An interactive shell has job control, so Ctrl-Z and `fg` work as at a real prompt.
            let terminal = try await TmuxTerminal.start(
                width: launch.width, height: launch.height,
                command: launch.interactiveShell ? ["/bin/sh", "-i"] : ["/bin/sh", prepared + "/run.sh"],
                environment: ["PS1": "$ "], directory: prepared)
            return DashboardRun(directory: prepared, terminal: terminal, server: server)
        } catch {
            try? await server?.stop()
            if let directory { try? FileManager.default.removeItem(atPath: directory) }
            throw error
        }
    }

    /// Runs `body` against a started dashboard, and always cleans up.
    static func with(
        _ launch: Launch = Launch(), policy: TestPolicy = TestPolicy(), withServer: Bool = true,
        _ body: (DashboardRun) async throws -> Void
    ) async throws {
        let run = try await start(launch, policy: policy, withServer: withServer)
        do {
            try await body(run)
        } catch {
            await run.close()
            throw error
        }
        await run.close()
    }

    /// Makes the temp directory and writes the config, the launcher and the pane script into it.
    private static func prepare(launch: Launch, policy: TestPolicy, server: ChaosServer?) throws -> String {
        var template = Array("/tmp/ethotop-e2e-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw Command.Failure(description: "mkdtemp: \(errno)") }
        let directory = String(cString: made)
        let binary = Self.binary
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw Command.Failure(description: "\(binary) missing: build the package first (swift build)")
        }
        for sub in ["config", "state", "home"] {
            try FileManager.default.createDirectory(
                atPath: "\(directory)/\(sub)", withIntermediateDirectories: true)
        }
        let configPath = "\(directory)/ethotop.yaml"
        let launcherPath = launcherPath(directory)
        if let server {
            try policy.yaml(baseURL: server.baseURL).write(
                toFile: configPath, atomically: true, encoding: .utf8)
        }
        let arguments = launch.arguments ?? ["--config", configPath, "--refresh", "100ms"]
        var variables = [
            "LANG": "C.UTF-8",
            "HOME": "\(directory)/home",
            "XDG_CONFIG_HOME": "\(directory)/config",
            "XDG_STATE_HOME": "\(directory)/state",
        ]
        variables.merge(launch.environment) { $1 }
        let term = launch.term.map(Self.quote) ?? "\"$TERM\""
        let assignments = variables.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.quote($0.value))" }
        let command =
            ["exec", "env", "-i", "TERM=\(term)"] + assignments + [Self.quote(binary)]
            + arguments.map(Self.quote)
        // The launcher records its pid, then becomes ethotop (exec keeps the pid).
        let launcher = """
            #!/bin/sh
            echo $$ > \(Self.quote(directory + "/pid.tmp")) && mv \(Self.quote(directory + "/pid.tmp")) \(Self.quote(directory + "/pid"))
            \(command.joined(separator: " "))

            """
        try launcher.write(toFile: launcherPath, atomically: true, encoding: .utf8)
        let script = """
            #!/bin/sh
            # A trap (not an ignore, which exec would pass on) keeps this shell alive when
            # Ctrl-C sends SIGINT to the whole foreground group, so it can report afterwards.
            trap ':' INT
            sh \(Self.quote(launcherPath))\(launch.stdoutToFile ? " > " + Self.quote(directory + "/stdout") : "")
            status=$?
            stty -a > \(Self.quote(directory + "/stty.tmp")) 2>&1
            mv \(Self.quote(directory + "/stty.tmp")) \(Self.quote(directory + "/stty"))
            echo "$status" > \(Self.quote(directory + "/status.tmp"))
            mv \(Self.quote(directory + "/status.tmp")) \(Self.quote(directory + "/status"))
            echo "[ethotop exited $status]"
            exec sleep 3600

            """
        try script.write(toFile: "\(directory)/run.sh", atomically: true, encoding: .utf8)
        return directory
    }

    /// In an ``Launch/interactiveShell`` run: types the command that starts ethotop, at the prompt.
    func startFromPrompt() async throws {
        try await terminal.waitFor("the prompt") { $0.lines.contains("$") }  // tmux trims the space
        try await terminal.type("sh " + Self.quote(launcherPath))
        try await terminal.press("Enter")
    }

    /// The `ethotop` built next to this test bundle.
    static var binary: String {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("ethotop").path
    }

    /// `text` single-quoted for sh.
    static func quote(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// What ethotop wrote to stdout when ``Launch/stdoutToFile`` is set.
    var standardOutput: String? { try? String(contentsOfFile: "\(directory)/stdout", encoding: .utf8) }

    /// Whether ethotop has exited (the pane script has written its status).
    var hasExited: Bool { FileManager.default.fileExists(atPath: "\(directory)/status") }

    /// ethotop's pid, once it has started.
    func pid(timeout: Duration = .seconds(20)) async throws -> pid_t {
        let text = try await file("pid", timeout: timeout)
        guard let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw Command.Failure(description: "bad pid file: \(text)")
        }
        return pid
    }

    /// ethotop's exit status (128 + n when a signal ended it), once it has exited.
    func exitStatus(timeout: Duration = .seconds(20)) async throws -> Int32 {
        let text = try await file("status", timeout: timeout)
        guard let status = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw Command.Failure(description: "bad status file: \(text)")
        }
        return status
    }

    /// `stty -a` as run in the pane after ethotop exited: the modes it left the terminal in.
    func terminalModes(timeout: Duration = .seconds(20)) async throws -> Set<String> {
        let text = try await file("stty", timeout: timeout)
        return Set(text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == ";" }).map(String.init))
    }

    /// Waits for a file the pane script writes (written atomically, so complete when present).
    private func file(_ name: String, timeout: Duration) async throws -> String {
        let path = "\(directory)/\(name)"
        let deadline = ContinuousClock.now + timeout
        while true {
            if let text = try? String(contentsOfFile: path, encoding: .utf8) { return text }
            guard ContinuousClock.now < deadline else {
                let screen = (try? await terminal.capture()).map(\.description) ?? "(no capture)"
                Issue.record("timed out waiting for \(name); the screen was:\(screen)")
                throw WaitTimeout(what: name)
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Ends tmux (and with it ethotop, by SIGHUP), makes sure ethotop is gone, stops the
    /// server and removes the temp directory.
    func close() async {
        let pid = (try? String(contentsOfFile: "\(directory)/pid", encoding: .utf8))
            .flatMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        await terminal.kill()
        if let pid {
            let deadline = ContinuousClock.now + .seconds(10)
            while Self.isRunning(pid), ContinuousClock.now < deadline {
                try? await Task.sleep(for: .milliseconds(20))
            }
            if Self.isRunning(pid) {
                Issue.record("ethotop (pid \(pid)) outlived its terminal by 10 s; killing it")
                Glibc.kill(pid, SIGKILL)
            }
        }
        try? await server?.stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Whether `pid` is a live process (a zombie waiting for a reaper counts as gone).
    static func isRunning(_ pid: pid_t) -> Bool {
        guard let state = processState(pid) else { return false }
        return state != "Z" && state != "X"
    }

    /// The state letter of `/proc/PID/stat` (`R`, `S`, `T` stopped, `Z` zombie), if the process exists.
    static func processState(_ pid: pid_t) -> Character? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        return stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
    }
}
