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
/// opened lazily with `O_APPEND` (each line is one `write`, so concurrent processes do not
/// interleave within a line), created `0600` in a `0700` directory because log lines may name
/// endpoints, and rotated to `<name>.1` when it would exceed ``maxBytes`` — bounded, like
/// everything else. The descriptor lives behind a `Mutex` so appends and rotation are
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
        if !directory.isEmpty {
            try? FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            state.failed = true
            return
        }
        var info = stat()
        state.size = fstat(descriptor, &info) == 0 ? Int(info.st_size) : 0
        state.descriptor = descriptor
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
