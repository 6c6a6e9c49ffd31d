@testable import AgentClient
import Testing

@Suite struct LineSplitterTests {
    func lines(_ chunks: [String], max: Int = 100) throws -> [String] {
        var splitter = LineSplitter(maxLineBytes: max)
        var out: [String] = []
        for chunk in chunks {
            try splitter.feed(Array(chunk.utf8)) { out.append(String(decoding: $0, as: UTF8.self)) }
        }
        return out
    }

    @Test func linesAcrossChunksComeOutWhole() throws {
        #expect(try lines(["{\"a\":", "1}\n{\"b\"", ":2}\n{\"c\":3"]) == ["{\"a\":1}", "{\"b\":2}"])
        #expect(try lines(["x\r\n\n\ny\n"]) == ["x", "y"], "CRLF and empty lines")
    }

    @Test func aLineOverTheLimitIsRefusedBeforeItIsHeld() throws {
        #expect(throws: LineSplitter.LineTooLong(limit: 8)) { try lines(["0123456789"], max: 8) }
        #expect(throws: LineSplitter.LineTooLong(limit: 8)) { try lines(["01234", "56789\n"], max: 8) }
        #expect(try lines(["01234567\n"], max: 8) == ["01234567"])
    }
}
