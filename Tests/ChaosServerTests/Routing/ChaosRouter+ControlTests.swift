import ChaosServer
import Foundation
import Testing

@Suite("ChaosServer control and echo endpoints")
struct ChaosRouterControlTests {
    @Test("/echo reflects method, headers and body")
    func echo() async throws {
        try await withChaosServer { server async throws in
            let reply = try #require(
                try await server.get(
                    "/echo?x=1", method: "POST", headers: ["User-Agent: ethotop/test"], body: "hello"))
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any])
            #expect(object["method"] as? String == "POST")
            #expect(object["body"] as? String == "hello")
            #expect((object["query"] as? [String: String])?["x"] == "1")
            let headers = try #require(object["headers"] as? [[String]])
            #expect(headers.contains(["User-Agent", "ethotop/test"]))
        }
    }

    @Test("/control/stats reports requests per path and connection counts as JSON")
    func stats() async throws {
        try await withChaosServer { server async throws in
            _ = try await server.get("/ok")
            _ = try await server.get("/ok")
            _ = try await server.get("/status/503")
            server.setOutage("db", on: true)
            let reply = try #require(try await server.get("/control/stats"))
            #expect(reply.header("Content-Type") == "application/json")
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any])
            let requests = try #require(object["requests"] as? [String: Int])
            #expect(requests["/ok"] == 2)
            #expect(requests["/status/503"] == 1)
            #expect((object["outages"] as? [String: Bool])?["db"] == true)
            #expect(object["connections_accepted"] as? Int == 4)
            #expect(object["seed"] as? Int == 1)
        }
    }
}
