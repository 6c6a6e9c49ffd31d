import AgentClient
import Testing

@Suite struct AgentAddressTests {
    @Test func parsesTheForms() throws {
        #expect(
            try AgentAddress(parsing: "unix:/run/ethotop/control.sock") == .unix("/run/ethotop/control.sock"))
        #expect(try AgentAddress(parsing: "127.0.0.1:9465") == .tcp(host: "127.0.0.1", port: 9465))
        #expect(try AgentAddress(parsing: "[::1]:9465") == .tcp(host: "::1", port: 9465))
        #expect(try AgentAddress(parsing: "http://localhost:9465/") == .tcp(host: "localhost", port: 9465))
        #expect(AgentAddress.tcp(host: "::1", port: 1).description == "[::1]:1")
    }

    @Test(arguments: ["", "unix:", "host", "host:0", "host:99999", ":80", "host:port"])
    func refusesMalformedAddresses(text: String) {
        #expect(throws: AgentAddress.ParseError.self) { try AgentAddress(parsing: text) }
    }

    @Test func httpsIsRefusedWithAReason() {
        #expect {
            try AgentAddress(parsing: "https://agent.example:9465")
        } throws: { error in
            "\(error)".contains("not supported by this build")
        }
    }

    @Test func theDefaultSocketFollowsTheAgent() {
        #expect(
            AgentAddress.defaultSocket(environment: ["XDG_RUNTIME_DIR": "/run/user/0", "HOME": "/root"])
                == .unix("/run/user/0/ethotop/control.sock"))
        #expect(
            AgentAddress.defaultSocket(environment: ["XDG_STATE_HOME": "/s", "HOME": "/root"])
                == .unix("/s/ethotop/control.sock"))
        #expect(AgentAddress.defaultSocket(environment: [:]) == nil)
    }
}
