import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Keypress-to-screen latency through tmux: press `--key` (a help screen opens), poll
/// `capture-pane` until `--shown` appears, press it again, poll until it is gone; each press is
/// one sample. The defaults drive ethotop's help overlay (`?`); htop's help (`h`) makes the
/// baseline under the same load. The resolution is one `capture-pane` round trip, printed too.
enum Keypress {
    static func run(_ options: Options) throws {
        let socket = options.string("socket", "ethotop-bench")
        let target = options.string("target", "bench")
        let samples = options.int("samples", 200)
        let label = options.string("label", "keypress")
        let key = options.string("key", "?")
        let shownText = options.string("shown", "─ Help ─")
        let readyText = options.string("ready", "[1] Endpoints")
        let tmux = ["tmux", "-L", socket]
        func capture() throws -> String { try Spawn.output(tmux + ["capture-pane", "-p", "-t", target]) }
        func press(_ key: String) throws { _ = try Spawn.output(tmux + ["send-keys", "-t", target, key]) }

        // Wait for the dashboard to be up, with the overlay closed.
        let ready = ContinuousClock.now + .seconds(30)
        while try !capture().contains(readyText) {
            guard ContinuousClock.now < ready else { throw Spawn.Failure(message: "dashboard did not start") }
            usleep(20_000)
        }
        var latencies = Samples()
        var captures = Samples()
        for index in 0..<(samples + 10) {
            let opening = index % 2 == 0
            let start = ContinuousClock.now
            try press(key)
            while true {
                let before = ContinuousClock.now
                let shown = try capture().contains(shownText)
                captures.add(ContinuousClock.now - before)
                if shown == opening { break }
                guard ContinuousClock.now - start < .seconds(5) else {
                    throw Spawn.Failure(message: "no change 5 s after a key")
                }
            }
            if index >= 10 { latencies.add(ContinuousClock.now - start) }  // the first 10 warm up
            usleep(30_000)  // let the loop settle, as between human key presses
        }
        func ms(_ value: Double) -> String { String(format: "%.1f ms", value / 1_000) }
        print(
            "| \(label) | \(samples) | \(ms(latencies.percentile(50))) | \(ms(latencies.percentile(99))) | \(ms(latencies.percentile(100))) | \(ms(captures.percentile(50))) |"
        )
    }
}

/// Runs a program and returns its stdout; the child gets a clean signal mask.
enum Spawn {
    struct Failure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    static func output(_ arguments: [String]) throws -> String {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw Failure(message: "pipe failed") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        posix_spawn_file_actions_addclose(&actions, fds[0])
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        let argv = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var child: pid_t = 0
        let spawned = posix_spawnp(&child, arguments[0], &actions, &attributes, argv, environ)
        close(fds[1])
        defer { close(fds[0]) }
        guard spawned == 0 else { throw Failure(message: "spawn \(arguments[0]): \(spawned)") }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fds[0], $0.baseAddress, $0.count) }
            if count > 0 {
                output += chunk[0..<count]
            } else if count == 0 || errno != EINTR {
                break
            }
        }
        var status: Int32 = 0
        while waitpid(child, &status, 0) < 0, errno == EINTR {}
        return String(decoding: output, as: UTF8.self)
    }
}
