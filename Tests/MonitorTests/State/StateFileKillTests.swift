import FaultPeers
import Foundation
import TestSupport
import Testing

@testable import Monitor

/// `kill -9` in the middle of writing the operator state file never leaves a corrupt file.
///
/// A helper process (`StateWriter`, the real `OperatorStateStore.save` in a loop) is killed with
/// SIGKILL at random moments, many times, over one state file. After every kill the file must
/// load without a warning and be one whole generation (its endpoint count matches its marker);
/// while the writer runs, concurrent loads must never see anything else either. A temporary
/// file left by a kill is removed by the next load once its writer is gone.
@Suite struct StateFileKillTests {
    /// The `StateWriter` helper, built next to the test bundle.
    static var writer: String {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("StateWriter").path
    }

    /// The generation a loaded state is, checking that it is whole: `nil` for an empty state.
    static func generation(of state: OperatorState) -> Int? {
        let markers = state.endpoints.keys.filter { $0.hasPrefix("gen-") }
        guard let marker = markers.first, markers.count == 1, let generation = Int(marker.dropFirst(4)) else {
            Issue.record("no single generation marker in \(state.endpoints.count) endpoints")
            return nil
        }
        let expectedCount = (generation * 37) % 300 + 1
        #expect(state.endpoints.count == expectedCount + 1, "generation \(generation) is incomplete")
        #expect(state.pausedAll == (generation % 3 == 0))
        return generation
    }

    /// Temporary files of the writer in `directory`.
    static func temporaries(in directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter {
            $0.hasPrefix(".state.json.tmp-")
        }
    }

    @Test func killNineMidWriteNeverLeavesACorruptStateFile() async throws {
        guard FileManager.default.isExecutableFile(atPath: Self.writer) else {
            Issue.record("\(Self.writer) is missing: build the package first (swift build --build-tests)")
            return
        }
        let root = try Scratch.directory("ethotop-kill9")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let directory = root + "/ethotop"
        let store = OperatorStateStore(url: URL(fileURLWithPath: directory + "/state.json"))
        var random = SplitMix64(seed: 0x4B11_1E09)
        let kills = 60
        var latest = -1
        var midWrite = 0
        var concurrentLoads = 0

        for _ in 0..<kills {
            let first = latest + 1
            let process = try ChildProcess(
                [Self.writer, store.url.path, "\(first)"], output: .log(root + "/writer.log"),
                closeInheritedDescriptors: true)
            // Readers during the writes: every load is whole and of a generation already written.
            let deadline = ContinuousClock.now + .seconds(60)
            var written = false
            while !written, ContinuousClock.now < deadline, !process.hasExited {
                let loaded = store.load()
                concurrentLoads += 1
                #expect(loaded.warning == nil, "\(loaded.warning ?? "")")
                if loaded.state != .empty, let generation = Self.generation(of: loaded.state) {
                    #expect(generation >= latest)
                    written = generation >= first
                }
                if !written { try await Task.sleep(for: .milliseconds(1)) }
            }
            #expect(written, "the writer wrote generation \(first): \(process.output)")
            // A random moment in the middle of the loop, then SIGKILL (and reap: a zombie's pid is
            // still taken, and its temporary file is only known abandoned once it is gone).
            try await Task.sleep(for: .microseconds(Int.random(in: 0..<8_000, using: &random)))
            process.stop()
            #expect(process.wait() == 128 + SIGKILL, "killed, not exited: \(process.output)")
            if !Self.temporaries(in: directory).isEmpty { midWrite += 1 }

            let loaded = store.load()
            #expect(loaded.warning == nil, "\(loaded.warning ?? "")")
            let generation = try #require(Self.generation(of: loaded.state))
            #expect(generation >= first, "the file is the last generation written, or one before")
            latest = generation
            #expect(
                Self.temporaries(in: directory).isEmpty, "the load removed the dead writer's temporary file")
        }
        let corrupt = try FileManager.default.contentsOfDirectory(atPath: directory).filter {
            $0.contains("corrupt")
        }
        #expect(corrupt.isEmpty, "nothing was ever moved aside as corrupt: \(corrupt)")
        #expect(midWrite > 0, "some kills landed while a temporary file was being written")
        print(
            "state kill -9: \(kills) kills, \(midWrite) mid-write (temporary file present), "
                + "\(concurrentLoads) concurrent loads, last generation \(latest), no corrupt file")
    }
}
