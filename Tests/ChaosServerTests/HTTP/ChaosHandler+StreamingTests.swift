import ChaosServer
import Testing

@Suite("ChaosServer streamed and dripped bodies")
struct ChaosHandlerStreamingTests {
    @Test("/huge streams 64 MiB with Content-Length while holding at most ~one chunk in memory")
    func hugeWithLength() async throws {
        try await withChaosServer { server async throws in
            let bytes = 64 << 20
            let raw = try await RawConnection.request(
                "/huge?bytes=\(bytes)", port: server.port, keep: 4096, timeout: .seconds(60))
            let head = String(decoding: raw.bytes.prefix(512), as: UTF8.self)
            let headLength = try #require(head.range(of: "\r\n\r\n")).upperBound.utf16Offset(in: head)
            #expect(head.contains("Content-Length: \(bytes)\r\n"))
            #expect(raw.totalBytes - headLength == bytes)
            #expect(raw.ending == .closed)
            #expect(server.peakBufferedBytes <= 256 * 1024)
        }
    }

    @Test("/huge with a client that stops reading pauses instead of buffering")
    func hugeBackPressure() async throws {
        try await withChaosServer { server async throws in
            let bytes = 64 << 20
            let connection = try await RawConnection.open(port: server.port, keep: 0, autoRead: false)
            try await connection.send(
                "GET /huge?bytes=\(bytes)&chunked=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            // The kernel's socket buffers fill, then the server must pause rather than queue 64 MiB.
            #expect(await eventually(timeout: .seconds(10)) { server.writePauses > 0 })
            #expect(server.peakBufferedBytes <= 256 * 1024)
            try await connection.startReading()
            let raw = await connection.finish(timeout: .seconds(60))
            #expect(raw.ending == .closed)
            #expect(raw.totalBytes > bytes)  // body plus chunk framing
            #expect(server.peakBufferedBytes <= 256 * 1024)
        }
    }

    @Test("/huge?chunked=1 sends exactly N body bytes in chunks")
    func hugeChunked() async throws {
        try await withChaosServer { server async throws in
            let bytes = (1 << 20) + 7
            let raw = try await RawConnection.request(
                "/huge?bytes=\(bytes)&chunked=1", port: server.port, keep: 2 << 20)
            let reply = try #require(HTTPReply.parse(raw.bytes))
            #expect(reply.chunked)
            #expect(reply.header("Content-Length") == nil)
            #expect(reply.body.count == bytes)
            #expect(reply.body.prefix(3) == [97, 98, 99])
        }
    }

    @Test("/drip sends the head at once and one chunk per interval")
    func drip() async throws {
        try await withChaosServer { server async throws in
            let started = ContinuousClock.now
            let raw = try await RawConnection.request("/drip?bytes=4&interval_ms=100", port: server.port)
            let elapsed = ContinuousClock.now - started
            let reply = try #require(HTTPReply.parse(raw.bytes))
            #expect(reply.header("Content-Length") == "4")
            #expect(reply.body == Array(repeating: UInt8(ascii: "."), count: 4))
            // The server cannot have sent the last byte before four intervals had passed…
            #expect(elapsed >= .milliseconds(400))
            // …and the head did not wait for the body: the first read held only part of the reply.
            // (Client-side gaps between reads are not asserted: a loaded machine coalesces them.)
            let first = try #require(raw.arrivals.first)
            #expect(first.total < raw.totalBytes)
        }
    }

    @Test("/drip keeps its pace with chunks large enough to trip back-pressure")
    func dripLargeChunks() async throws {
        try await withChaosServer { server async throws in
            let started = ContinuousClock.now
            let raw = try await RawConnection.request(
                "/drip?bytes=1048576&chunk=262144&interval_ms=100", port: server.port, keep: 2 << 20)
            #expect(ContinuousClock.now - started >= .milliseconds(400))
            #expect(HTTPReply.parse(raw.bytes)?.body.count == 1_048_576)
        }
    }

}
