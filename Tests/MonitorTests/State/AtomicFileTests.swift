import Foundation
import Synchronization
import Testing

@testable import Monitor

@Suite struct AtomicFileTests {
    /// A reader polling the file while a writer replaces it must only ever see a whole old or a
    /// whole new version, and no temporary file may be left behind.
    @Test func readersNeverSeeAPartialFile() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("state.json")
        // Large enough that a non-atomic write would be observable half-done.
        @Sendable func version(_ n: Int) -> Data {
            Data((String(n) + ":" + String(repeating: "\(n % 10)", count: 256 * 1_024)).utf8)
        }
        try AtomicFile.write(version(0), to: url)
        let minimumWrites = 60
        let done = Atomic<Bool>(false)
        let reads = Atomic<Int>(0)
        let torn = Atomic<Int>(0)
        let finished = Atomic<Bool>(false)
        // A dedicated thread, not a task: the writer below blocks its own thread, and on a busy
        // 2-core machine a child task might never be scheduled while it runs.
        let reader = Thread {
            while !done.load(ordering: .acquiring) {
                guard let data = try? Data(contentsOf: url) else {
                    torn.add(1, ordering: .relaxed)  // the file must always exist
                    continue
                }
                let text = String(decoding: data, as: UTF8.self)
                guard let colon = text.firstIndex(of: ":"), let n = Int(text[..<colon]), data == version(n)
                else {
                    torn.add(1, ordering: .relaxed)
                    continue
                }
                reads.add(1, ordering: .relaxed)
            }
            finished.store(true, ordering: .releasing)
        }
        reader.start()
        // Keep replacing the file until the reader has checked enough versions (or a deadline
        // passes, on a very loaded machine), so the overlap cannot be skipped by scheduling.
        var writes = 0
        let deadline = ContinuousClock.now + .seconds(20)
        while writes < minimumWrites
            || (reads.load(ordering: .relaxed) < 50 && ContinuousClock.now < deadline)
        {
            writes += 1
            try AtomicFile.write(version(writes), to: url)
        }
        done.store(true, ordering: .releasing)
        while !finished.load(ordering: .acquiring) { Thread.sleep(forTimeInterval: 0.001) }
        #expect(torn.load(ordering: .relaxed) == 0)
        #expect(reads.load(ordering: .relaxed) >= 50)
        #expect(try Data(contentsOf: url) == version(writes))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter {
            $0 != "state.json"
        }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    @Test func failureLeavesTheOldFileAndNoTemporary() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // The target is a non-empty directory: rename(2) over it fails.
        let url = directory.appendingPathComponent("target")
        try FileManager.default.createDirectory(
            at: url.appendingPathComponent("child"), withIntermediateDirectories: true)
        #expect(throws: AtomicFile.WriteError.self) { try AtomicFile.write(Data("x".utf8), to: url) }
        let entries = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(entries == ["target"])
    }

    /// A temporary file whose writer is gone (killed mid-write) is removed; one of a live process
    /// (this one, or the pid 1 init) is left alone, and so are other files.
    @Test func abandonedTemporariesAreRemovedAndLiveOnesKept() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("state.json")
        try OperatorStateStore(url: url).save(.empty)
        // A pid that is surely free: above the kernel's pid_max.
        let limit =
            (try? String(contentsOfFile: "/proc/sys/kernel/pid_max", encoding: .utf8))
            .flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? 4_194_304
        let names = [
            ".state.json.tmp-\(limit + 1)-42", ".state.json.tmp-\(getpid())-7", ".state.json.tmp-1-9",
            ".other.json.tmp-\(limit + 1)-1", "notes.txt",
        ]
        for name in names { try Data("x".utf8).write(to: directory.appendingPathComponent(name)) }

        #expect(AtomicFile.removeAbandonedTemporaries(of: url) == 1)
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: directory.path))
        #expect(left == Set(names.dropFirst() + ["state.json"]))
        // The store does it on load.
        try Data("x".utf8).write(to: directory.appendingPathComponent(names[0]))
        #expect(OperatorStateStore(url: url).load().warning == nil)
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent(names[0]).path))
    }
}
