import ChaosServer
import Foundation
import Testing

@Suite("ChaosServer connection-level chaos")
struct ChaosHandlerTests {
    @Test("/reset sends the head and part of the body, then a TCP reset")
    func resetMidBody() async throws {
        try await withChaosServer { server async throws in
            let raw = try await RawConnection.request("/reset?bytes=1000&sent=300", port: server.port)
            #expect(raw.ending == .reset)
            let text = String(decoding: raw.bytes, as: UTF8.self)
            #expect(text.hasPrefix("HTTP/1.1 200 OK\r\n"))
            #expect(text.contains("Content-Length: 1000\r\n"))
            let body = try #require(text.range(of: "\r\n\r\n")).upperBound
            #expect(text[body...].utf8.count == 300)
        }
    }

    @Test("/reset-headers resets before sending a byte")
    func resetBeforeHeaders() async throws {
        try await withChaosServer { server async throws in
            let raw = try await RawConnection.request("/reset-headers", port: server.port)
            #expect(raw.ending == .reset)
            #expect(raw.totalBytes == 0)
            #expect(server.requestCount(path: "/reset-headers") == 1)
        }
    }

    @Test("/close closes cleanly without a byte")
    func close() async throws {
        try await withChaosServer { server async throws in
            let raw = try await RawConnection.request("/close", port: server.port)
            #expect(raw.ending == .closed)
            #expect(raw.totalBytes == 0)
        }
    }

    @Test("/garbage answers with bytes that are not HTTP")
    func garbage() async throws {
        try await withChaosServer { server async throws in
            let raw = try await RawConnection.request("/garbage", port: server.port)
            #expect(raw.ending == .closed)
            #expect(raw.bytes == ChaosPayloads.garbage)
            #expect(!raw.bytes.starts(with: Array("HTTP/".utf8)))
            #expect(HTTPReply.parse(raw.bytes) == nil)
        }
    }

    @Test("/hang reads the request and never answers until the client gives up")
    func hang() async throws {
        try await withChaosServer { server async throws in
            let connection = try await RawConnection.open(port: server.port)
            try await connection.send("GET /hang HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(await eventually { server.requestCount(path: "/hang") == 1 })
            let raw = await connection.finish(timeout: .milliseconds(150))
            #expect(raw.ending == .timedOut)
            #expect(raw.totalBytes == 0)
            #expect(await eventually { server.openConnections == 0 })
        }
    }

    @Test("/escapes carries escape sequences in the reason phrase, a header and the body")
    func escapes() async throws {
        try await withChaosServer { server async throws in
            let raw = try await RawConnection.request("/escapes", port: server.port)
            let reply = try #require(HTTPReply.parse(raw.bytes))
            #expect(reply.status == 200)
            #expect(reply.reason == ChaosPayloads.escapeReason)
            #expect(reply.body == ChaosPayloads.escapeBody)
            let esc: UInt8 = 0x1B
            #expect(reply.reason.contains(bytes: [esc] + Array("[2J".utf8)))
            #expect(reply.reason.contains(bytes: [esc] + Array("]0;".utf8)))
            let header = try #require(reply.headers.first { $0.name == "X-Chaos-Escapes" })
            #expect(header.value.contains(bytes: [esc] + Array("[31m".utf8)))
            #expect(header.value.contains(0x07))
            for needle: [UInt8] in [
                [esc] + Array("[2J".utf8), [esc] + Array("]0;".utf8), [esc] + Array("[10;20H".utf8), [0x07],
                [0x9B], [0xC2, 0x9D], [0xFF, 0xFE], [0xC3, 0x28],
            ] {
                #expect(reply.body.contains(bytes: needle), "body lacks \(needle)")
            }
            #expect(String(validating: reply.body, as: UTF8.self) == nil)
        }
    }

}
