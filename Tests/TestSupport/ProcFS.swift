import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What `/proc` tells about processes: their descriptors, children and listening sockets.
enum ProcFS {
    /// The open descriptors of process `pid` (`self` for this one).
    static func descriptors(of pid: String) -> [Int32] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")) ?? []).compactMap {
            Int32($0)
        }
    }

    /// The socket inodes process `pid` holds.
    static func socketInodes(of pid: String) -> Set<String> {
        var inodes = Set<String>()
        for fd in descriptors(of: pid) {
            guard
                let target = try? FileManager.default.destinationOfSymbolicLink(
                    atPath: "/proc/\(pid)/fd/\(fd)"),
                target.hasPrefix("socket:[")
            else { continue }
            inodes.insert(String(target.dropFirst(8).dropLast()))
        }
        return inodes
    }

    /// `root` and every descendant, from `/proc/PID/task/*/children`.
    static func processTree(_ root: pid_t) -> [pid_t] {
        var result: [pid_t] = []
        var pending = [root]
        while let next = pending.popLast() {
            result.append(next)
            let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(next)/task")) ?? []
            for task in tasks {
                let children =
                    (try? String(contentsOfFile: "/proc/\(next)/task/\(task)/children", encoding: .utf8))
                    ?? ""
                pending += children.split(separator: " ").compactMap { pid_t($0) }
            }
        }
        return result
    }

    /// Ports in LISTEN state on IPv4 sockets held by `pids` and not by this process.
    static func listeningPorts(of pids: [pid_t]) -> [Int] {
        var inodes = Set<String>()
        for pid in pids { inodes.formUnion(socketInodes(of: "\(pid)")) }
        // A socket this process holds too was inherited, not opened by the child.
        inodes.subtract(socketInodes(of: "self"))
        guard !inodes.isEmpty, let table = try? String(contentsOfFile: "/proc/net/tcp", encoding: .utf8)
        else { return [] }
        // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode …
        return table.split(separator: "\n").dropFirst().compactMap { line in
            let fields = line.split(separator: " ")
            guard fields.count > 9, fields[3] == "0A", inodes.contains(String(fields[9])),
                let portHex = fields[1].split(separator: ":").last
            else { return nil }
            return Int(portHex, radix: 16)
        }
    }
}
