import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The control socket's file and directory, handled without following symbolic links.
///
/// Before binding: the directory is created `0700` (`0710` with a control group) if missing,
/// tightened if it is ours but open to others, and refused if it is someone else's, a symbolic
/// link, or world-writable (`/tmp`). A socket file already there is probed: nobody answering
/// (`ECONNREFUSED`) means an agent was killed and left it, so it is removed; an agent answering
/// means this one must not start, and the error names the running one. After binding, the
/// socket is `0600` (`0660` and the group's with a control group).
struct ControlSocketFile: Sendable {
    let path: String
    let directory: String
    let name: String
    /// The group allowed to connect, if any.
    let group: gid_t?

    init(path: String, group: gid_t?) {
        self.path = path
        let slash = path.lastIndex(of: "/") ?? path.startIndex
        directory = slash == path.startIndex ? "/" : String(path[..<slash])
        name = String(path[path.index(after: slash)...])
        self.group = group
    }

    private var directoryMode: mode_t { group == nil ? 0o700 : 0o710 }
    private var socketMode: mode_t { group == nil ? 0o600 : 0o660 }

    /// Readies the directory and clears a stale socket; returns notes on what it changed.
    func prepare() throws(AgentStartError) -> [String] {
        var notes: [String] = []
        try makeDirectories()
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else {
            throw AgentStartError(
                "cannot use \(directory) for the control socket: \(Self.reason(errno)) (a symbolic link is refused)"
            )
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw AgentStartError("cannot stat \(directory): \(Self.reason(errno))")
        }
        let mode = info.st_mode & 0o7777
        guard info.st_uid == geteuid() else {
            throw AgentStartError(
                "\(directory) belongs to uid \(info.st_uid), not to this agent (uid \(geteuid())): refusing to put the control socket there"
            )
        }
        guard mode & 0o1002 == 0 else {
            throw AgentStartError(
                "\(directory) is writable by everyone: put the control socket in a directory of its own (--control unix:PATH)"
            )
        }
        if let group, info.st_gid != group {
            guard fchown(fd, uid_t.max, group) == 0 else {
                throw AgentStartError("cannot give \(directory) to group \(group): \(Self.reason(errno))")
            }
        }
        if mode != directoryMode {
            guard fchmod(fd, directoryMode) == 0 else {
                throw AgentStartError(
                    "cannot tighten \(directory) to \(Self.octal(directoryMode)): \(Self.reason(errno))")
            }
            notes.append("tightened \(directory) from \(Self.octal(mode)) to \(Self.octal(directoryMode))")
        }
        if try clearStaleSocket(directoryFD: fd) {
            notes.append("replaced a stale socket at \(path) (no agent was answering)")
        }
        return notes
    }

    /// Sets the bound socket's mode and group; returns its inode, to remove only our own file.
    func secure() throws(AgentStartError) -> ino_t {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFSOCK else {
            throw AgentStartError("the control socket \(path) vanished after binding")
        }
        if let group, lchown(path, uid_t.max, group) != 0 {
            throw AgentStartError("cannot give \(path) to group \(group): \(Self.reason(errno))")
        }
        guard chmod(path, socketMode) == 0 else {
            throw AgentStartError("cannot set \(path) to \(Self.octal(socketMode)): \(Self.reason(errno))")
        }
        return info.st_ino
    }

    /// Removes the socket file if it is still the one bound (inode `inode`).
    func remove(inode: ino_t) {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFSOCK, info.st_ino == inode else { return }
        unlink(path)
    }

    /// Creates the directory and any missing parents, each with ``directoryMode``.
    private func makeDirectories() throws(AgentStartError) {
        var prefix = ""
        for component in directory.split(separator: "/") {
            prefix += "/" + component
            if mkdir(prefix, directoryMode) != 0 && errno != EEXIST {
                throw AgentStartError("cannot create \(prefix): \(Self.reason(errno))")
            }
        }
    }

    /// Removes a socket nobody answers on; throws when something else is at the path or an agent
    /// answers. Returns whether a stale socket was removed.
    private func clearStaleSocket(directoryFD: Int32) throws(AgentStartError) -> Bool {
        var info = stat()
        guard fstatat(directoryFD, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else {
            if errno == ENOENT { return false }
            throw AgentStartError("cannot stat \(path): \(Self.reason(errno))")
        }
        switch info.st_mode & S_IFMT {
        case S_IFSOCK: break
        case S_IFLNK: throw AgentStartError("\(path) is a symbolic link: refusing to follow or remove it")
        default: throw AgentStartError("\(path) exists and is not a socket: refusing to remove it")
        }
        guard info.st_uid == geteuid() else {
            throw AgentStartError("\(path) belongs to uid \(info.st_uid): refusing to remove it")
        }
        switch AgentProbe.ask(unixPath: path) {
        case .refused:
            guard unlinkat(directoryFD, name, 0) == 0 || errno == ENOENT else {
                throw AgentStartError("cannot remove the stale socket \(path): \(Self.reason(errno))")
            }
            return true
        case .agent(let pid):
            throw AgentStartError(
                "another ethotop agent (pid \(pid)) is already serving unix:\(path); stop it first, or pass --control elsewhere"
            )
        case .other(let what):
            throw AgentStartError(
                "something is already listening on unix:\(path) (\(what)); refusing to replace it")
        }
    }

    static func reason(_ code: Int32) -> String { String(cString: strerror(code)) }

    static func octal(_ mode: mode_t) -> String { "0" + String(mode, radix: 8) }
}
