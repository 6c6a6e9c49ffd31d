import Foundation
import Testing

/// A real terminal for the dashboard under test: one tmux server on its own socket, with one
/// detached window of a given size running one command.
///
/// Every test gets its own server (`-L` with a unique name under a per-test `TMUX_TMPDIR`, and
/// `-f /dev/null` so no user configuration leaks in); ``kill()`` ends it. The test reads the
/// screen with `capture-pane` and types with `send-keys`, like a person at the keyboard.
final class TmuxTerminal {
    private let socket: String
    private let environment: [String: String]
    private static let session = "e2e"

    private init(directory: String) {
        socket = "ethotop-e2e-\(getpid())-\(UUID().uuidString.prefix(8))"
        environment = [
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            "HOME": directory,
            "TMUX_TMPDIR": directory,
            "SHELL": "/bin/sh",
            "LANG": "C.UTF-8",
        ]
    }

    /// Starts a server whose only window is `width`×`height` and runs `command` (argv, no shell)
    /// with `environment` added to tmux's own.
    static func start(
        width: Int, height: Int, command: [String], environment extra: [String: String] = [:],
        directory: String
    ) async throws -> TmuxTerminal {
        let terminal = TmuxTerminal(directory: directory)
        let variables = extra.sorted { $0.key < $1.key }.flatMap { ["-e", "\($0.key)=\($0.value)"] }
        try await terminal.tmux(
            ["new-session", "-d", "-s", Self.session, "-x", String(width), "-y", String(height)] + variables
                + command)
        return terminal
    }

    /// Runs a tmux command against this server; answers its standard output.
    @discardableResult
    func tmux(_ arguments: String...) async throws -> String {
        try await tmux(arguments)
    }

    @discardableResult
    func tmux(_ arguments: [String]) async throws -> String {
        let result = try await Command.run(
            ["tmux", "-L", socket, "-f", "/dev/null"] + arguments, environment: environment)
        guard result.status == 0 else {
            throw Command.Failure(
                description:
                    "tmux \(arguments.joined(separator: " ")) exited \(result.status): \(result.errors)")
        }
        return result.output
    }

    /// The visible screen; with `escapes`, colours and attributes as SGR sequences too; with
    /// `joined`, lines the terminal wrapped are joined again (for text a shell printed).
    func capture(escapes: Bool = false, joined: Bool = false) async throws -> Screen {
        var arguments = ["capture-pane", "-p", "-t", Self.session]
        if escapes { arguments.append("-e") }
        if joined { arguments.append("-J") }
        return Screen(raw: try await tmux(arguments))
    }

    /// Presses keys: tmux key names (`Enter`, `Escape`, `C-c`, `Up`) or single characters.
    func press(_ keys: String...) async throws {
        try await tmux(["send-keys", "-t", Self.session] + keys)
    }

    /// Types `text` literally, one key per character.
    func type(_ text: String) async throws {
        try await tmux("send-keys", "-t", Self.session, "-l", text)
    }

    /// Resizes the window, as a terminal emulator would when its window is dragged.
    func resize(width: Int, height: Int) async throws {
        try await tmux("resize-window", "-t", Self.session, "-x", String(width), "-y", String(height))
    }

    /// A tmux format of the pane (`#{alternate_on}`, `#{cursor_flag}`, `#{pane_width}`).
    func format(_ format: String) async throws -> String {
        try await tmux("display-message", "-p", "-t", Self.session, format)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Ends the server and everything in it (the pane's processes get SIGHUP).
    func kill() async {
        _ = try? await tmux("kill-server")
    }

    /// Captures until `condition` holds on a settled screen, or `timeout` passes; answers that screen.
    ///
    /// Polling with a deadline, never a fixed sleep: the test goes as fast as the dashboard draws
    /// and fails only when the condition never comes true. "Settled" means the next capture is
    /// identical: tmux may be caught between two writes of one frame, and a test that checks
    /// more of the screen than its condition must not see half a frame. On failure the last
    /// screen is recorded with the issue, so a red test shows what the terminal looked like.
    @discardableResult
    func waitFor(
        _ what: String, timeout: Duration = .seconds(20), escapes: Bool = false, joined: Bool = false,
        sourceLocation: SourceLocation = #_sourceLocation,
        _ condition: (Screen) async throws -> Bool
    ) async throws -> Screen {
        let deadline = ContinuousClock.now + timeout
        var screen = try await capture(escapes: escapes, joined: joined)
        // Quick at first (most conditions hold within a frame or two), then gentler: every
        // capture starts a tmux client, and a tight loop would cost more CPU than the app.
        var pause = Duration.milliseconds(10)
        while true {
            if try await condition(screen) {
                let again = try await capture(escapes: escapes, joined: joined)
                if again.raw == screen.raw { return screen }
                screen = again
                continue
            }
            guard ContinuousClock.now < deadline else {
                Issue.record(
                    "timed out waiting for \(what); the screen was:\(screen)", sourceLocation: sourceLocation)
                throw WaitTimeout(what: what)
            }
            try await Task.sleep(for: pause)
            pause = min(pause * 3 / 2, .milliseconds(100))
            screen = try await capture(escapes: escapes, joined: joined)
        }
    }

    /// Waits until `text` is on screen.
    @discardableResult
    func waitFor(
        text: String, timeout: Duration = .seconds(20), joined: Bool = false,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> Screen {
        try await waitFor("\"\(text)\"", timeout: timeout, joined: joined, sourceLocation: sourceLocation) {
            $0.contains(text)
        }
    }
}

/// A condition did not come true before its deadline (the issue is already recorded).
struct WaitTimeout: Error {
    var what: String
}
