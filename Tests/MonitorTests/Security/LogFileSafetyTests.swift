import Foundation
import Logging
import Testing

@testable import Monitor

#if canImport(Glibc)
    import Glibc
#endif

/// The log file is never written through a planted link or into something that is not a plain
/// file of ours, and its directory and file are private (0700, 0600), even when they pre-existed.
@Suite struct LogFileSafetyTests {
    private func scratch() throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("ethotop-logsafety-\(UUID())").path
        try FileManager.default.createDirectory(atPath: path + "/state", withIntermediateDirectories: true)
        return path
    }

    private func mode(_ path: String) -> mode_t {
        var info = stat()
        return stat(path, &info) == 0 ? info.st_mode & 0o777 : 0
    }

    @Test func aSymlinkAtTheLogPathIsRefusedAndNothingIsWrittenThroughIt() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let target = root + "/target"
        try "precious\n".write(toFile: target, atomically: false, encoding: .utf8)
        let path = root + "/state/ethotop.log"
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: target)
        let file = LogFile(path: path)
        let problems = file.prepare()
        #expect(problems.contains { $0.contains("symbolic link") && $0.contains(path) }, "\(problems)")
        let logger = Logger(label: "t") { FileLogHandler(label: $0, file: file) }
        logger.error("must not land in the target")
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "precious\n")
        #expect(file.droppedLines == 1)
    }

    @Test func aFIFOAtTheLogPathIsRefusedWithoutBlocking() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let path = root + "/state/ethotop.log"
        #expect(mkfifo(path, 0o600) == 0)
        let problems = LogFile(path: path).prepare()
        // Opening a FIFO without a reader fails at once (ENXIO); with one, fstat refuses it.
        #expect(problems.contains { $0.contains(path) && $0.contains("not logging") }, "\(problems)")
    }

    @Test func anExistingFileAndDirectoryAreTightened() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let directory = root + "/state"
        let path = directory + "/ethotop.log"
        #expect(chmod(directory, 0o755) == 0)
        #expect(FileManager.default.createFile(atPath: path, contents: Data("old\n".utf8)))
        #expect(chmod(path, 0o644) == 0)
        let file = LogFile(path: path)
        #expect(file.prepare().isEmpty)
        file.append("new\n")
        #expect(mode(path) == 0o600)
        #expect(mode(directory) == 0o700)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old\nnew\n")
    }

    @Test func aNewFileAndDirectoryArePrivate() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let path = root + "/state/deeper/ethotop.log"
        let file = LogFile(path: path)
        #expect(file.prepare().isEmpty)
        #expect(mode(path) == 0o600)
        #expect(mode(root + "/state/deeper") == 0o700)
    }
}
