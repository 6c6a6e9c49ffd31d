import ChaosServer
import Testing

@Suite("ChaosServer lifecycle and basics")
struct ChaosServerTests {
    @Test("port 0 binds an OS-chosen port and baseURL names it")
    func bindsChosenPort() async throws {
        try await withChaosServer { server async throws in
            #expect(server.port > 0)
            #expect(server.baseURL == "http://127.0.0.1:\(server.port)")
            #expect(server.url(for: "/ok") == "http://127.0.0.1:\(server.port)/ok")
        }
    }

    @Test("/ok answers 200 ok and is counted")
    func ok() async throws {
        try await withChaosServer { server async throws in
            let reply = try #require(try await server.get("/ok"))
            #expect(reply.status == 200)
            #expect(reply.text == "ok\n")
            #expect(server.requestCount(path: "/ok") == 1)
            #expect(server.requestCount(path: "/delay") == 0)
        }
    }

    @Test("keep-alive serves several requests on one connection, pipelined requests in order")
    func keepAliveAndPipelining() async throws {
        try await withChaosServer { server async throws in
            let connection = try await RawConnection.open(port: server.port)
            let keep = "Host: x\r\n\r\n"
            try await connection.send(
                "GET /delay?ms=30&status=201 HTTP/1.1\r\n\(keep)GET /status/418 HTTP/1.1\r\n\(keep)"
                    + "GET /ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            let raw = await connection.finish()
            let replies = HTTPReply.parseAll(raw.bytes)
            #expect(replies.map(\.status) == [201, 418, 200])
            #expect(raw.ending == .closed)
            #expect(server.acceptedConnections == 1)
        }
    }

    @Test("HEAD gets headers without a body")
    func head() async throws {
        try await withChaosServer { server async throws in
            let raw = try await RawConnection.request("/ok", port: server.port, method: "HEAD")
            let text = String(decoding: raw.bytes, as: UTF8.self)
            #expect(text.hasPrefix("HTTP/1.1 200 OK\r\n"))
            #expect(text.contains("Content-Length: 3\r\n"))
            #expect(text.hasSuffix("\r\n\r\n"))
        }
    }

    @Test("unknown paths are 404 and bad parameters are 400")
    func notFoundAndBadRequest() async throws {
        try await withChaosServer { server async throws in
            #expect(try await server.get("/nope")?.status == 404)
            #expect(try await server.get("/delay?ms=soon")?.status == 400)
            #expect(try await server.get("/delay?min=300&max=100")?.status == 400)
            #expect(try await server.get("/flaky?p=2")?.status == 400)
            #expect(try await server.get("/status/abc")?.status == 400)
            #expect(try await server.get("/status/100")?.status == 400)
        }
    }

    @Test("a client that does not speak HTTP gets a 400 and a close")
    func notHTTP() async throws {
        try await withChaosServer { server async throws in
            let connection = try await RawConnection.open(port: server.port)
            try await connection.send("\u{16}\u{03}\u{01} this is not http\r\n\r\n")
            let raw = await connection.finish()
            #expect(HTTPReply.parse(raw.bytes)?.status == 400)
            #expect(raw.ending == .closed)
        }
    }

    @Test("stop() closes hanging connections and returns promptly; requests were read first")
    func stopClosesHangingConnections() async throws {
        let server = try await ChaosServer.start()
        var connections: [RawConnection] = []
        for _ in 0..<20 {
            let connection = try await RawConnection.open(port: server.port)
            try await connection.send("GET /hang HTTP/1.1\r\nHost: x\r\n\r\n")
            connections.append(connection)
        }
        #expect(await eventually { server.requestCount(path: "/hang") == 20 })
        // Twenty hanging requests pin nothing: the one event-loop thread still answers at once.
        #expect(try await server.get("/ok")?.status == 200)
        #expect(await eventually { server.openConnections == 20 })

        let started = ContinuousClock.now
        try await server.stop()
        #expect(ContinuousClock.now - started < .seconds(2))
        for connection in connections {
            let reply = await connection.finish(timeout: .seconds(5))
            #expect(reply.ending == .closed)
            #expect(reply.totalBytes == 0)
        }
        try await server.stop()  // idempotent
    }

    @Test("after stop() the server accepts no connection on its port")
    func stopReleasesPort() async throws {
        let server = try await ChaosServer.start()
        let port = server.port
        try await server.stop()
        let accepted = server.acceptedConnections
        // Tests run in parallel: another test's server may be given the freed port at once, so a
        // connect may succeed — but never to this server.
        _ = try? await RawConnection.open(port: port)
        #expect(server.acceptedConnections == accepted)
        #expect(server.openConnections == 0)
    }
}
