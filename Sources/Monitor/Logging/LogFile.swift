import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An append-only log file shared by every ``FileLogHandler`` of the process, rotated by size.
///
/// ethotop owns the terminal while the dashboard is up, so logs go to a file and nowhere else:
/// if the file cannot be opened, lines are dropped (and counted) rather than printed. The file is
/// opened with `O_APPEND` (each line is one `write`, so concurrent processes do not interleave
/// within a line) and `O_NOFOLLOW` (a symbolic link planted at the path is refused, never written
/// through), created `0600` — an existing file is tightened to `0600` — in a directory tightened
/// to `0700`, because log lines may name endpoints; it must be a regular file owned by this user.
/// It is rotated to `<name>.1` when it would exceed ``maxBytes`` — bounded, like everything else.
/// ``prepare()`` opens it at once and says what is wrong, for the command to print. The descriptor lives behind a `Mutex` so appends and rotation are
/// serialised; logging is rare enough that holding the lock across one `write` costs nothing.
public final class LogFile: Sendable {
    /// The default size at which the file is rotated.
    public static let defaultMaxBytes = 8 * 1_024 * 1_024

    /// The file's path.
    public let path: String
    /// The size past which the file is rotated to `<path>.1` (the previous `.1` is replaced).
    public let maxBytes: Int

    private struct State {
        var descriptor: Int32 = -1
        var size = 0
        var failed = false
        var droppedLines = 0
        var problems: [String] = []
    }

    private let state = Mutex(State())

    /// A log file at `path`, created (with its directory) on the first write.
    public init(path: String, maxBytes: Int = LogFile.defaultMaxBytes) {
        self.path = path
        self.maxBytes = max(1_024, maxBytes)
    }

    deinit {
        state.withLock { state in
            if state.descriptor >= 0 { close(state.descriptor) }
        }
    }

    /// Lines dropped because the file could not be opened or written.
    public var droppedLines: Int { state.withLock { $0.droppedLines } }

    /// Opens the file now rather than at the first line, and answers every problem found: a path
    /// that cannot be used (then nothing is logged) or a state directory that is not this user's.
    public func prepare() -> [String] {
        state.withLock { state in
            if state.descriptor < 0 && !state.failed { openFile(&state) }
            return state.problems
        }
    }

    /// Appends `line` (which should end in a newline).
    public func append(_ line: String) {
        var bytes = Array(line.utf8)
        state.withLock { state in
            if state.descriptor < 0 && !state.failed { openFile(&state) }
            guard state.descriptor >= 0 else {
                state.droppedLines += 1
                return
            }
            if state.size > 0 && state.size + bytes.count > maxBytes { rotate(&state) }
            guard state.descriptor >= 0, Self.writeAll(state.descriptor, &bytes) else {
                state.droppedLines += 1
                return
            }
            state.size += bytes.count
        }
    }

    private func openFile(_ state: inout State) {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty, let problem = Self.prepareDirectory(directory) {
            state.problems.append(problem)
        }
        // O_NONBLOCK: a FIFO planted at the path must not block the open (it is refused below).
        let descriptor = open(
            path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0o600)
        guard descriptor >= 0 else {
            let reason = errno
            state.failed = true
            state.problems.append(
                reason == ELOOP
                    ? "log file \(path) is a symbolic link: refusing to write through it; not logging "
                        + "(remove the link)"
                    : "cannot open log file \(path): \(String(cString: strerror(reason))); not logging")
            return
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_uid == geteuid() else {
            close(descriptor)
            state.failed = true
            state.problems.append(
                "log file \(path) is not a regular file owned by this user; not logging (remove it)")
            return
        }
        if info.st_mode & 0o077 != 0 { _ = fchmod(descriptor, 0o600) }
        state.size = Int(info.st_size)
        state.descriptor = descriptor
    }

    /// Creates `directory` (mode 0700) or tightens it to 0700 when it is ours; a problem otherwise.
    private static func prepareDirectory(_ directory: String) -> String? {
        try? FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        var info = stat()
        guard stat(directory, &info) == 0 else { return nil }  // the open below reports it
        guard info.st_uid == geteuid() else {
            return "state directory \(directory) belongs to uid \(info.st_uid), not to this user "
                + "(uid \(geteuid())): its owner can read or replace the log"
        }
        if info.st_mode & 0o077 != 0 && chmod(directory, 0o700) != 0 {
            return "cannot restrict state directory \(directory) to 0700: "
                + String(cString: strerror(errno))
        }
        return nil
    }

    private func rotate(_ state: inout State) {
        close(state.descriptor)
        state.descriptor = -1
        state.size = 0
        _ = rename(path, path + ".1")
        openFile(&state)
    }

    private static func writeAll(_ descriptor: Int32, _ bytes: inout [UInt8]) -> Bool {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += written
            }
            return true
        }
    }
}
