import Foundation
import Testing

@testable import Monitor

/// `expect.json`: the condition parser, the bounded JSON reader, and evaluation, as plain values.
@Suite struct JSONAssertionTests {
    private let health = Array(
        """
        {"status":"UP","components":{"db":{"status":"UP"},"disk space":{"free":12}},
         "items":[{"id":"a1"},{"id":"b2"}],"checks":[{"ok":true},{"ok":true}],
         "count":3,"version":"2.4.1","nothing":null,"ratio":0.5}
        """.utf8)

    private func failure(_ conditions: [String], _ body: [UInt8]) throws -> String? {
        let assertions = try conditions.map { text in try JSONAssertion.parse(text) }
        return try #require(JSONExpectation(assertions)).failure(body: body, totalBytes: body.count)
    }

    @Test func conditionsThatHold() throws {
        let holding = [
            #"$.status == "UP""#, #"$.components.db.status != "DOWN""#, "$.items[0].id exists",
            "$.checks[*].ok == true", "$.count >= 3", "$.count < 4", "$.count <= 3", "$.count > 2.5",
            #"$.version =~ "^2\\.""#, #"$.version =~ '^2\.'"#, "$.missing !exists", "$.nothing == null",
            "$.ratio == 0.5",
            "$['components']['disk space'].free == 12", "$.items[-1].id == 'b2'", "$.items[*].id exists",
            "$ exists", #"$.status=="UP""#,
        ]
        for condition in holding {
            #expect(try failure([condition], health) == nil, "\(condition)")
        }
    }

    @Test func failuresNameTheConditionAndTheActualValue() throws {
        #expect(try failure([#"$.status == "DOWN""#], health) == #"$.status == "DOWN": $.status is "UP""#)
        #expect(try failure(["$.count > 3"], health) == "$.count > 3: $.count is 3")
        #expect(
            try failure([#"$.version =~ '^2\.5'"#], health) == #"$.version =~ '^2\.5': $.version is "2.4.1""#)
        #expect(try failure(["$.nope exists"], health) == "$.nope exists: $.nope does not exist")
        #expect(try failure(["$.status !exists"], health) == #"$.status !exists: $.status exists ("UP")"#)
        #expect(
            try failure(["$.items[5].id == 'x'"], health)
                == "$.items[5].id == 'x': $.items[5].id does not exist")
        // Through [*], one bad element fails the condition.
        let bad = Array(#"{"checks":[{"ok":true},{"ok":false}]}"#.utf8)
        #expect(
            try failure(["$.checks[*].ok == true"], bad) == "$.checks[*].ok == true: $.checks[*].ok is false")
        // A string is not a number.
        let text = Array(#"{"count":"3"}"#.utf8)
        #expect(try failure(["$.count >= 3"], text) == #"$.count >= 3: $.count is "3""#)
        // The first failing condition is reported.
        #expect(try failure(["$.count == 3", "$.version == '1'"], health)?.hasPrefix("$.version") == true)
    }

    /// The reader builds only what the conditions read; skipping keeps indexes, escaped keys,
    /// wildcards over objects and the depth limit right.
    @Test func skippingWhatNoConditionReads() throws {
        let body =
            Array(
                #"{"pad":{"x":[1,{"y":"}]"}]},"items":[{"id":"a1"},{"id":"b2"}],"a\u0062":1,"#
                    .utf8) + Array(#""components":{"db":{"status":"UP"},"cache":{"status":"DOWN"}}}"#.utf8)
        #expect(try failure(["$.items[1].id == 'b2'", "$.ab == 1"], body) == nil)
        #expect(
            try failure(["$.components[*].status == 'UP'"], body)
                == #"$.components[*].status == 'UP': $.components[*].status is "DOWN""#)
        #expect(
            try failure(["$.pad !exists"], body) == #"$.pad !exists: $.pad exists ({"x":[1,{"y":"}]"}]})"#)
        let deep = Array(
            ("{\"x\":" + String(repeating: "[", count: 70) + String(repeating: "]", count: 70) + ",\"a\":1}")
                .utf8)
        #expect(try failure(["$.a == 1"], deep) == "body is JSON is nested deeper than 64 levels")
        let trie = try #require(
            JSONPathTrie.make([[.key("a"), .wildcard, .key("b")], [.key("c"), .index(2)]]))
        #expect(trie.member(Array("a".utf8)[...])?.wildcard != nil)
        #expect(trie.member(Array("z".utf8)[...]) == nil)
        #expect(trie.member(Array("c".utf8)[...])?.element(2) != nil)
        #expect(trie.member(Array("c".utf8)[...])?.element(0) == nil)
        #expect(JSONPathTrie.make([[.key("a")], []]) == nil, "the whole document")
        #expect(JSONPathTrie.make([[.index(-1)]]) == nil, "a negative index needs every element")
    }

    @Test func hostileBodiesFailClearly() throws {
        let deep = Array((String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)).utf8)
        #expect(try failure(["$ exists"], deep) == "body is JSON is nested deeper than 64 levels")
        #expect(try failure(["$ exists"], Array("<html>".utf8))?.hasPrefix("body is not JSON") == true)
        #expect(
            try failure(["$ exists"], Array(#"{"a":1} x"#.utf8))
                == "body is not JSON: unexpected data after the document at byte 8")
        #expect(try failure(["$ exists"], [])?.hasPrefix("body is not JSON") == true)
        let cut = try #require(JSONExpectation([try JSONAssertion.parse("$ exists")]))
        #expect(
            cut.failure(body: Array("{}".utf8), totalBytes: 100_000)
                == "body is 100000 bytes; expect.json reads JSON bodies of at most 4096 bytes")
    }

    @Test func longActualValuesAreCut() throws {
        let long = Array(("{\"s\":\"" + String(repeating: "y", count: 500) + "\"}").utf8)
        let message = try #require(try failure(["$.s == 'x'"], long))
        #expect(message.count < 100)
        #expect(message.hasSuffix("…"))
    }

    @Test func readerDecodesEscapesAndNumbers() throws {
        let value = try JSONReader.read(
            Array(#" {"a":"\u00e9\n\"q\" \ud83d\ude00","b":-1.5e2,"c":[true,false,null]} "#.utf8))
        #expect(value.member("a") == .string("é\n\"q\" 😀"))
        #expect(value.member("b") == .number(-150))
        #expect(value.member("c") == .array([.bool(true), .bool(false), .null]))
        for broken in [#"{"a":}"#, "[1,]", #"{"a" 1}"#, "01x", #""\x""#, "tru", "{\"a\":\"\u{01}\"}"] {
            #expect(throws: JSONReader.Failure.self, "\(broken)") { try JSONReader.read(Array(broken.utf8)) }
        }
    }

    @Test func invalidConditionsSayWhereAndWhy() {
        let cases: [(String, String, Int)] = [
            ("status == 'UP'", "a path starts with $", 1),
            ("$.status", "expected an operator", 9),
            ("$.status = 'UP'", "expected an operator", 10),
            ("$.count > 'x'", "> compares numbers", 11),
            ("$.a =~ 3", "=~ needs a quoted regular expression", 8),
            ("$.a =~ '('", "=~ needs a valid regular expression", 8),
            ("$.a == UP", "expected a value", 8),
            ("$.a[x] exists", "expected an index", 5),
            ("$.a == 'x' extra", "unexpected text after the condition", 12),
            ("$. exists", "expected a member name", 3),
            ("$.a == 'open", "unterminated string", 8),
        ]
        for (text, message, offset) in cases {
            do {
                _ = try JSONAssertion.parse(text)
                Issue.record("\(text) parsed")
            } catch {
                #expect(error.message.hasPrefix(message), "\(text): \(error.message)")
                #expect(error.offset == offset, "\(text): \(error.offset)")
            }
        }
    }

    @Test func configLoadsConditionsAndRejectsBadOnesWithTheirLine() throws {
        let config = try loadConfig(
            """
            endpoints:
              - name: api
                url: https://api.test/health
                expect:
                  json: ['$.status == "UP"', '$.count >= 3']
            """)
        #expect(config.endpoints[0].expect.json.map(\.text) == [#"$.status == "UP""#, "$.count >= 3"])
        #expect(config.endpoints[0].policyLines.contains(#"expect.json: $.status == "UP""#))

        let errors = configErrors(
            """
            endpoints:
              - name: api
                url: https://api.test/health
                expect:
                  json:
                    - '$.status == "UP"'
                    - 'status == 1'
            """)
        #expect(errors.count == 1)
        #expect(errors.first?.line == 7)
        #expect(errors.first?.message.contains("a path starts with $") == true, "\(errors)")

        let head = configErrors(
            """
            endpoints:
              - { name: api, url: "https://api.test/", method: HEAD, expect: { json: '$ exists' } }
            """)
        #expect(head.first?.message.contains("HEAD response has no body") == true, "\(head)")
    }
}
