import Testing

@testable import Monitor

/// `check` refuses what would be sent wrong or echoed dangerously: a port that does not exist and
/// header values with control characters, each at its line and column with the fix.
@Suite struct ConfigHardeningTests {
    @Test func aPortAbove65535IsAnErrorAtTheURL() {
        let yaml = """
            endpoints:
              - name: a
                url: "http://127.0.0.1:99999/health"
            """
        let errors = configErrors(yaml)
        #expect(errors.count == 1)
        let error = errors.first
        #expect(error?.kind == .invalidURL)
        #expect(error?.line == 3)
        #expect(error?.column == 10)
        #expect(error?.message.contains("port 99999") == true, "\(errors)")
        #expect(error?.hint?.contains("1–65535") == true)
        #expect(configErrors(yaml.replacingOccurrences(of: "99999", with: "65535")).isEmpty)
    }

    @Test func controlCharactersInHeaderValuesAreErrors() {
        for (variable, name) in [
            ("a\u{1B}[2Jb", "ESC"), ("a\rb", "a line break"), ("a\u{0}b", "NUL"), ("a\u{7F}", "U+007F"),
        ] {
            let yaml = """
                endpoints:
                  - name: a
                    url: "http://127.0.0.1:8080/"
                    headers: { X-Thing: "${V}" }
                """
            let errors = configErrors(yaml, environment: ["V": variable])
            #expect(errors.map(\.kind) == [.invalidValue], "\(name): \(errors)")
            #expect(errors.first?.message.contains(name) == true, "\(errors)")
            #expect(errors.first?.line == 4)
        }
        let tab = configErrors(
            "endpoints:\n  - name: a\n    url: \"http://h.test/\"\n    headers: { X-T: \"${V}\" }\n",
            environment: ["V": "a\tb"])
        #expect(tab.isEmpty, "a tab is allowed in a field value")
    }
}
