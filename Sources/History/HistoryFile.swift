import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Why the history file cannot be used: each case says what to do about it.
public enum HistoryFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The path is a symbolic link (refused, so a link planted in the state directory cannot
    /// redirect writes).
    case symlink(String)
    /// The path is a directory, FIFO, socket or device.
    case notRegularFile(String, kind: String)
    /// The file is not an SQLite database, or not one of ethotop's.
    case foreign(String, detail: String)
    /// The file was written by a newer ethotop.
    case newerSchema(String, found: Int, supported: Int)
    /// Another ethotop process is recording to this file.
    case busy(String)
    /// The file does not exist (when reading).
    case missing(String)
    /// An operating-system or SQLite error.
    case io(String, detail: String)

    /// The message for a person: what is wrong and what to do.
    public var description: String {
        switch self {
        case .symlink(let path):
            return
                "history file \(path) is a symbolic link; refusing to follow it (pass the real path with --history)"
        case .notRegularFile(let path, let kind):
            return "history file \(path) is a \(kind), not a regular file; pass a file path with --history"
        case .foreign(let path, let detail):
            return
                "\(path) is not an ethotop history database (\(detail)); refusing to touch it — move it away or pass another --history"
        case .newerSchema(let path, let found, let supported):
            return
                "history file \(path) has schema version \(found), newer than this ethotop supports (\(supported)); use a newer ethotop or another --history"
        case .busy(let path):
            return "another ethotop process is recording to \(path)"
        case .missing(let path):
            return "no history file at \(path) (ethotop serve or the dashboard writes it; see --history)"
        case .io(let path, let detail):
            return "history file \(path): \(detail)"
        }
    }
}

/// Checks and creates the history file before SQLite opens it: mode 0600, `O_NOFOLLOW`, a
/// regular file, an SQLite header; and holds an `flock` while recording so one process writes.
struct HistoryFile {
    /// The descriptor holding the writer's lock (`-1` for readers).
    private(set) var lockDescriptor: Int32 = -1
    /// Whether the file was empty (new) when checked.
    private(set) var isNew = false

    /// Checks `path` for writing: created 0600 if missing (its directory 0700), locked.
    static func prepareForWriting(_ path: String) throws(HistoryFileError) -> HistoryFile {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
            do {
                try FileManager.default.createDirectory(
                    atPath: directory, withIntermediateDirectories: true,
                    attributes: [.posixPermissions: 0o700])
            } catch {
                throw .io(path, detail: "cannot create directory \(directory): \(error.localizedDescription)")
            }
        }
        let fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, 0o600)
        guard fd >= 0 else { throw classify(path, errno: errno) }
        var file = HistoryFile()
        do {
            file.isNew = try checkContent(fd, path: path)
        } catch {
            Glibc.close(fd)
            throw error
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            Glibc.close(fd)
            throw .busy(path)
        }
        file.lockDescriptor = fd
        return file
    }

    /// Checks `path` for reading: it must exist and look like SQLite.
    static func checkForReading(_ path: String) throws(HistoryFileError) {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else {
            if errno == ENOENT { throw .missing(path) }
            throw classify(path, errno: errno)
        }
        defer { Glibc.close(fd) }
        if try checkContent(fd, path: path) { throw .foreign(path, detail: "the file is empty") }
    }

    /// Whether a writer holds the file's lock now (a live recorder, rather than a killed one).
    static func isLockedByWriter(_ path: String) -> Bool {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return false }
        defer { Glibc.close(fd) }
        guard flock(fd, LOCK_SH | LOCK_NB) == 0 else { return true }
        flock(fd, LOCK_UN)
        return false
    }

    /// Releases the lock.
    func release() {
        if lockDescriptor >= 0 { Glibc.close(lockDescriptor) }
    }

    /// Regular file with an SQLite header, or empty: returns whether it is empty.
    private static func checkContent(_ fd: Int32, path: String) throws(HistoryFileError) -> Bool {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .io(path, detail: String(cString: strerror(errno))) }
        let type = info.st_mode & S_IFMT
        guard type == S_IFREG else { throw .notRegularFile(path, kind: kindName(type)) }
        if info.st_size == 0 { return true }
        var header = [UInt8](repeating: 0, count: 16)
        let read = pread(fd, &header, 16, 0)
        let magic = Array("SQLite format 3\0".utf8)
        guard read == 16, header == magic else {
            throw .foreign(path, detail: "no SQLite header")
        }
        return false
    }

    private static func classify(_ path: String, errno code: Int32) -> HistoryFileError {
        switch code {
        case ELOOP: return .symlink(path)
        case EISDIR: return .notRegularFile(path, kind: "directory")
        default: return .io(path, detail: String(cString: strerror(code)))
        }
    }

    private static func kindName(_ type: mode_t) -> String {
        switch type {
        case S_IFDIR: "directory"
        case S_IFIFO: "FIFO"
        case S_IFSOCK: "socket"
        case S_IFCHR, S_IFBLK: "device"
        case S_IFLNK: "symbolic link"
        default: "special file"
        }
    }
}
