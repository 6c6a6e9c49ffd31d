public import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes a file so that readers see the old content or the new, never a mix, even across a crash.
///
/// The classic sequence: write a temporary file in the same directory (same file system, so the
/// rename is atomic), fsync it (data on disk before the name points at it), rename it over the
/// target, then fsync the directory (the rename itself on disk). Without the fsyncs, a power cut
/// after rename can leave an empty file on ext4/xfs.
public enum AtomicFile {
    /// Why a write failed.
    public struct WriteError: Error, Sendable, Hashable, CustomStringConvertible {
        /// The step that failed (`create directory`, `open`, `write`, `fsync`, `rename`).
        public var step: String
        /// The path involved.
        public var path: String
        /// `errno` at the failure.
        public var code: Int32

        /// `cannot rename …: Permission denied`.
        public var description: String { "cannot \(step) \(path): \(String(cString: strerror(code)))" }
    }

    /// Replaces the file at `url` with `data`, creating missing directories with mode 0700
    /// and the file with `permissions`.
    public static func write(_ data: Data, to url: URL, permissions: Int = 0o600) throws(WriteError) {
        let path = url.path
        let directory = url.deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
            throw WriteError(
                step: "create directory", path: directory, code: Int32(underlying?.code ?? Int(EIO)))
        }
        let temporary =
            directory + "/." + url.lastPathComponent + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode_t(permissions))
        guard fd >= 0 else { throw WriteError(step: "open", path: temporary, code: errno) }
        var closed = false
        defer {
            if !closed { close(fd) }
        }
        let failure: WriteError? = {
            let writeErrno = data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> Int32 in
                var offset = 0
                while offset < buffer.count {
                    let written = systemWrite(
                        fd, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        return errno
                    }
                    offset += written
                }
                return 0
            }
            if writeErrno != 0 { return WriteError(step: "write", path: temporary, code: writeErrno) }
            guard fsync(fd) == 0 else { return WriteError(step: "fsync", path: temporary, code: errno) }
            closed = true
            guard close(fd) == 0 else { return WriteError(step: "close", path: temporary, code: errno) }
            guard rename(temporary, path) == 0 else {
                return WriteError(step: "rename", path: path, code: errno)
            }
            return nil
        }()
        if let failure {
            unlink(temporary)
            throw failure
        }
        let directoryFD = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryFD >= 0 {
            // Best effort: some file systems refuse fsync on a directory; the data is already safe.
            _ = fsync(directoryFD)
            close(directoryFD)
        }
    }

    /// Removes the temporary files that writers of `url` left behind when they died mid-write
    /// (`kill -9`, a crash, a power cut); answers how many.
    ///
    /// A temporary file is named after its writer's pid, so one whose writer is gone can never be
    /// renamed into place and is only litter (up to a whole state file each, forever). Files of a
    /// live process, this one included, are left alone: that writer may be about to rename it.
    @discardableResult
    public static func removeAbandonedTemporaries(of url: URL) -> Int {
        let directory = url.deletingLastPathComponent().path
        let prefix = "." + url.lastPathComponent + ".tmp-"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return 0 }
        var removed = 0
        for name in names where name.hasPrefix(prefix) {
            guard let pid = pid_t(name.dropFirst(prefix.count).prefix { $0 != "-" }), pid > 0,
                pid != getpid(), kill(pid, 0) != 0, errno == ESRCH
            else { continue }
            if unlink(directory + "/" + name) == 0 { removed += 1 }
        }
        return removed
    }

    private static func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
        #if canImport(Glibc)
            return Glibc.write(fd, buffer, count)
        #elseif canImport(Musl)
            return Musl.write(fd, buffer, count)
        #else
            return Darwin.write(fd, buffer, count)
        #endif
    }
}
