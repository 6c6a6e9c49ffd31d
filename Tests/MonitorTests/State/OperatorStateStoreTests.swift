import Foundation
import Testing

@testable import Monitor

@Suite struct OperatorStateStoreTests {
    static func sampleState() -> OperatorState {
        var state = OperatorState(pausedAll: true)
        state["api"] = EndpointOverride(hold: .forcedOpen, since: Date(timeIntervalSince1970: 1_700_000_000))
        state["search"] = EndpointOverride(hold: .disabled, paused: true)
        state["web"] = EndpointOverride(paused: true)
        return state
    }

    @Test func roundTripsEveryOverride() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = OperatorStateStore(url: directory.appendingPathComponent("nested/ethotop/state.json"))
        let state = Self.sampleState()
        try store.save(state)
        let loaded = store.load()
        #expect(loaded.warning == nil)
        #expect(loaded.state == state)
        #expect(loaded.state["api"].hold == .forcedOpen)
        #expect(loaded.state["nobody"] == EndpointOverride())
        let attributes = try FileManager.default.attributesOfItem(atPath: store.url.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let json = try String(contentsOf: store.url, encoding: .utf8)
        #expect(json.contains("\"paused_all\" : true") && json.contains("\"forced_open\""))
    }

    @Test func missingFileIsAnEmptyStateWithoutWarning() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let loaded = OperatorStateStore(url: directory.appendingPathComponent("state.json")).load()
        #expect(loaded.state == .empty && loaded.warning == nil)
    }

    @Test(arguments: [
        "{not json", "", "{\"version\": 99, \"paused_all\": false, \"endpoints\": {}}", "[1,2,3]",
    ])
    func corruptFileIsMovedAsideAndReported(content: String) throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("state.json")
        try Data(content.utf8).write(to: url)
        let store = OperatorStateStore(url: url)
        let now = Date(timeIntervalSince1970: 1_764_412_800)  // 2025-11-29T10:40:00Z
        let loaded = store.load(now: now)
        #expect(loaded.state == .empty)
        let warning = try #require(loaded.warning)
        #expect(warning.contains("moved to"))
        let aside = url.path + ".corrupt-20251129T104000Z"
        #expect(FileManager.default.fileExists(atPath: aside))
        #expect(!FileManager.default.fileExists(atPath: url.path))
        #expect(try Data(contentsOf: URL(fileURLWithPath: aside)) == Data(content.utf8))
        // A second corrupt file in the same second does not overwrite the first.
        try Data("garbage".utf8).write(to: url)
        _ = store.load(now: now)
        #expect(FileManager.default.fileExists(atPath: aside + "-2"))
        // And saving afterwards works.
        try store.save(Self.sampleState())
        #expect(store.load().state == Self.sampleState())
    }

    @Test func unreadableFileIsReportedNotFatal() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // A directory where the file should be cannot be read as a file.
        let url = directory.appendingPathComponent("state.json")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        let loaded = OperatorStateStore(url: url).load()
        #expect(loaded.state == .empty)
        #expect(loaded.warning != nil)
    }

    @Test func defaultPathFollowsXDG() {
        #expect(
            OperatorStateStore.defaultPath(environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"])
                == "/s/ethotop/state.json")
        #expect(
            OperatorStateStore.defaultPath(environment: ["HOME": "/h"])
                == "/h/.local/state/ethotop/state.json")
        #expect(
            OperatorStateStore.defaultPath(environment: ["XDG_STATE_HOME": "relative", "HOME": "/h"])
                == "/h/.local/state/ethotop/state.json")
    }

    @Test func keepingDropsRemovedEndpoints() {
        let state = Self.sampleState().keeping(["api"])
        #expect(Array(state.endpoints.keys) == ["api"])
        #expect(state.pausedAll)
        var cleared = state
        cleared["api"] = EndpointOverride()
        #expect(cleared.endpoints.isEmpty)
    }
}
