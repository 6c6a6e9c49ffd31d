import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// This process's resident memory and open file descriptors, read from `/proc/self`.
///
/// The test process runs every suite in parallel, so these are noisy: tests compare them with
/// generous bounds, sized so that the leak they guard against (a buffer or a handle per probe,
/// over thousands of probes) overshoots the bound many times over.
enum ProcessResources {
    /// Resident set size in bytes (`/proc/self/statm`, second field, in pages).
    static var residentBytes: Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// The peak resident set size in bytes since start or since ``resetPeak()`` (`VmHWM`).
    static var peakResidentBytes: Int {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kibibytes = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
        else { return 0 }
        return kibibytes * 1024
    }

    /// Resets the peak to the current resident size (`echo 5 > /proc/self/clear_refs`, Linux ≥ 4.0);
    /// answers whether it could.
    static func resetPeak() -> Bool {
        let fd = open("/proc/self/clear_refs", O_WRONLY)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return write(fd, "5", 1) == 1
    }

    /// Open file descriptors (entries of `/proc/self/fd`).
    static var openDescriptors: Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? 0
    }

    /// `bytes` in MiB, for messages.
    static func mebibytes(_ bytes: Int) -> String {
        String(format: "%.1f MiB", Double(bytes) / 1_048_576)
    }
}
