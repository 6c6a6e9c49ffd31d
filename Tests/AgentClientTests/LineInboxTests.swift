import Testing

@testable import AgentClient

/// The reader never waits for the decoder: only the newest undecoded snapshot line is kept,
/// every event line is (up to the bound), in arrival order.
@Suite struct LineInboxTests {
    func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func snapshotLinesAreToldFromTheOthersByTheirFirstKey() {
        #expect(LineInbox.isSnapshot(bytes(#"{"endpoints":[],"generated_at":"x","type":"snapshot"}"#)))
        #expect(!LineInbox.isSnapshot(bytes(#"{"at":"x","endpoint":null,"kind":"info","type":"event"}"#)))
        #expect(!LineInbox.isSnapshot(bytes(#"{"agent":{},"type":"hello"}"#)))
    }

    @Test func aNewerSnapshotSupersedesAnUndecodedOneAndEventsKeepTheirOrder() async throws {
        let inbox = LineInbox()
        inbox.put(bytes(#"{"at":"1","type":"event"}"#))
        inbox.put(bytes(#"{"endpoints":[1]}"#))
        inbox.put(bytes(#"{"at":"2","type":"event"}"#))
        inbox.put(bytes(#"{"endpoints":[2]}"#))
        inbox.finish()
        let taken = try #require(await inbox.take())
        #expect(
            taken.lines.map { String(decoding: $0, as: UTF8.self) } == [
                #"{"at":"1","type":"event"}"#, #"{"at":"2","type":"event"}"#, #"{"endpoints":[2]}"#,
            ])
        #expect(inbox.superseded == 1)
        #expect(await inbox.take() == nil, "finished and empty")
    }

    @Test func eventLinesAreBoundedAndTheDropsCounted() async throws {
        let inbox = LineInbox(maxEvents: 3)
        for index in 0..<5 { inbox.put(bytes(#"{"at":"\#(index)"}"#)) }
        let taken = try #require(await inbox.take())
        #expect(taken.lines.count == 4)
        #expect(taken.droppedEvents == 1)
    }

    /// A taker waiting on an empty inbox wakes for the next line.
    @Test func aWaitingTakerWakesForTheNextLine() async throws {
        let inbox = LineInbox()
        async let taken = inbox.take()
        inbox.put(bytes(#"{"at":"late"}"#))
        #expect(try #require(await taken).lines.count == 1)
    }
}
