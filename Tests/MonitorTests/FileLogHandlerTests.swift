import Foundation
import Logging
import Testing

@testable import Monitor

@Suite struct FileLogHandlerTests {
    private func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ethotop-log-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func writesSanitisedLinesToTheFileCreatingItsDirectory() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let path = root.appendingPathComponent("state/ethotop/ethotop.log").path
        let file = LogFile(path: path)
        var logger = Logger(label: "ethotop.test") { label in
            FileLogHandler(label: label, file: file, level: .info)
        }
        logger[metadataKey: "run"] = "1"
        logger.info("probe failed\n\u{1B}[2Jinjected", metadata: ["endpoint": "api", "reason": "status 503"])
        logger.debug("below the level")
        logger.warning("second")

        let contents = try String(contentsOfFile: path, encoding: .utf8)
        let lines = contents.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(
            lines[0].hasSuffix(
                #"info ethotop.test: probe failed injected endpoint=api reason="status 503" run=1"#))
        #expect(lines[1].contains("warning ethotop.test: second"))
        #expect(!contents.unicodeScalars.contains { $0.value == 0x1B })
        #expect(file.droppedLines == 0)
        let mode = try #require(
            try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
        #expect(mode & 0o077 == 0)
    }

    @Test func levelCanBeRaisedPerLogger() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let file = LogFile(path: root.appendingPathComponent("x.log").path)
        let logger = Logger(label: "t") { FileLogHandler(label: $0, file: file, level: .error) }
        logger.warning("dropped")
        logger.error("kept")
        let contents = try String(contentsOfFile: file.path, encoding: .utf8)
        #expect(!contents.contains("dropped"))
        #expect(contents.contains("kept"))
    }

    @Test func rotatesWhenTheFileWouldExceedItsBound() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let path = root.appendingPathComponent("r.log").path
        let file = LogFile(path: path, maxBytes: 1_024)
        let line = String(repeating: "x", count: 99) + "\n"
        for _ in 0..<25 { file.append(line) }
        let current = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0
        let previous = try FileManager.default.attributesOfItem(atPath: path + ".1")[.size] as? Int ?? 0
        #expect(current <= 1_024)
        #expect(previous <= 1_024 && previous > 0)
        #expect(current + previous <= 25 * 100)
    }

    @Test func unwritablePathDropsLinesQuietly() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let blocker = root.appendingPathComponent("file")
        try Data("x".utf8).write(to: blocker)
        // A directory that cannot exist: its parent is a regular file.
        let file = LogFile(path: blocker.appendingPathComponent("sub/ethotop.log").path)
        let logger = Logger(label: "t") { FileLogHandler(label: $0, file: file) }
        logger.error("nowhere to go")
        logger.error("still nowhere")
        #expect(file.droppedLines == 2)
    }

    @Test func concurrentWritersNeverInterleaveWithinALine() async throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let file = LogFile(path: root.appendingPathComponent("c.log").path)
        await withTaskGroup(of: Void.self) { group in
            for writer in 0..<4 {
                group.addTask {
                    let logger = Logger(label: "w\(writer)") { FileLogHandler(label: $0, file: file) }
                    for index in 0..<200 { logger.info("line \(index) from \(writer)") }
                }
            }
        }
        let lines = try String(contentsOfFile: file.path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 800)
        #expect(lines.allSatisfy { $0.contains(": line ") && $0.hasPrefix("20") })
    }

    @Test func statePathsFollowXDG() {
        #expect(
            StatePaths.logFile(environment: ["XDG_STATE_HOME": "/s/", "HOME": "/h"])
                == "/s/ethotop/ethotop.log")
        #expect(
            StatePaths.logFile(environment: ["HOME": "/home/op"])
                == "/home/op/.local/state/ethotop/ethotop.log")
        // A relative XDG_STATE_HOME is ignored, as the spec requires.
        #expect(
            StatePaths.logFile(environment: ["XDG_STATE_HOME": "rel", "HOME": "/h"])
                == "/h/.local/state/ethotop/ethotop.log")
        #expect(StatePaths.logFile(environment: [:]) == nil)
    }
}
