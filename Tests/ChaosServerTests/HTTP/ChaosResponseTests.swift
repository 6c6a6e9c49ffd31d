@testable import ChaosServer
import Testing

@Suite("ChaosResponse")
struct ChaosResponseTests {
    @Test("the head strips CR/LF from raw values but keeps other control bytes")
    func sanitises() {
        var response = ChaosResponse(status: 599, reason: [0x1B, 0x0D, 0x0A, 0x41], body: [])
        response.headers.append(("X-Evil", [0x07, 0x0A, 0x0D, 0x42]))
        let head = response.head(keepAlive: false, contentLength: 0)
        let text = String(decoding: head, as: UTF8.self)
        #expect(text.hasPrefix("HTTP/1.1 599 \u{1B}A\r\n"))
        #expect(text.contains("X-Evil: \u{07}B\r\n"))
        #expect(text.contains("Connection: close\r\n"))
        #expect(text.hasSuffix("\r\n\r\n"))
    }

    @Test("204 gets no Content-Length; keep-alive omits Connection: close")
    func framing() {
        let noContent = String(
            decoding: ChaosResponse(status: 204).head(keepAlive: true, contentLength: 0), as: UTF8.self)
        #expect(!noContent.contains("Content-Length"))
        #expect(!noContent.contains("Connection"))
    }
}
