import Agent
import Testing

/// The token file's format and the constant-time lookup.
@Suite struct AccessTokensTests {
    @Test func namedAndBareTokensWithComments() throws {
        let tokens = try AccessTokens(
            parsing: "# who may attach over TCP\nci:ci-token-0123456789\n\n   \nbare-token-abcdefghij\r\n",
            path: "t")
        #expect(tokens.count == 2)
        #expect(tokens.name(of: "ci-token-0123456789") == "ci")
        #expect(tokens.name(of: "bare-token-abcdefghij") == "line 5")
        #expect(tokens.name(of: "ci-token-012345678") == nil, "a prefix is not the token")
        #expect(tokens.name(of: "ci-token-0123456789x") == nil, "nor a longer string")
        #expect(tokens.name(of: "") == nil)
    }

    @Test(arguments: [
        ("", "no token in the file"),
        ("# only a comment\n", "no token"),
        ("short\n", "t:1: a token is at least 16"),
        ("ci:has a space in it!!\n", "t:1: a token is at least 16"),
        ("bad name:0123456789abcdef\n", "t:1: a token name"),
        ("a:0123456789abcdef\na:fedcba9876543210\n", "t:2: the token name 'a' is used twice"),
    ])
    func problemsNameTheLineNotTheToken(text: String, message: String) {
        #expect {
            _ = try AccessTokens(parsing: text, path: "t")
        } throws: { error in
            let description = (error as? AccessTokens.Problem)?.description ?? ""
            return description.contains(message) && !description.contains("0123456789abcdef")
        }
    }

    @Test func controlAddressesParse() {
        #expect(
            ControlAddress(parsing: "unix:/run/ethotop/control.sock") == .unix("/run/ethotop/control.sock"))
        #expect(ControlAddress(parsing: "127.0.0.1:9465") == .tcp(.init(host: "127.0.0.1", port: 9_465)))
        #expect(ControlAddress(parsing: "unix:relative.sock") == nil)
        #expect(ControlAddress(parsing: "unix:/" + String(repeating: "a", count: 120)) == nil)
        #expect(ControlAddress(parsing: "[::1]:9465")?.isLoopbackTCP == true)
        #expect(ControlAddress(parsing: ":9465")?.isLoopbackTCP == false)
        #expect(
            ControlAddress.defaultAddress(environment: ["XDG_RUNTIME_DIR": "/run/user/1000/"])
                == .unix("/run/user/1000/ethotop/control.sock"))
        #expect(
            ControlAddress.defaultAddress(environment: ["XDG_STATE_HOME": "/var/lib/x"])
                == .unix("/var/lib/x/ethotop/control.sock"))
        #expect(ControlAddress.defaultAddress(environment: [:]) == nil)
    }
}
