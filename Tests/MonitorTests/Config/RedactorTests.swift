import Testing

@testable import Monitor

@Suite struct RedactorTests {
    @Test func replacesEveryOccurrenceWithItsPlaceholder() {
        var redactor = Redactor()
        redactor.add("s3cr3t", placeholder: "${TOKEN}")
        #expect(redactor.redact("a s3cr3t b s3cr3t") == "a ${TOKEN} b ${TOKEN}")
        #expect(redactor.containsSecret("xx s3cr3t"))
        #expect(!redactor.containsSecret("s3cr3"))
    }

    @Test func longestSecretWinsAndPlaceholdersAreNotReRedacted() {
        var redactor = Redactor()
        redactor.add("T", placeholder: "${SHORT}")
        redactor.add("abcT", placeholder: "${LONG}")
        // "T" also occurs inside the placeholder "${SHORT}"; a single pass must not touch it.
        #expect(redactor.redact("abcT T") == "${LONG} ${SHORT}")
    }

    @Test func percentEncodedFormIsRedactedToo() {
        var redactor = Redactor()
        redactor.add("p@ss word", placeholder: "${PASS}")
        #expect(redactor.redact("GET /?q=p%40ss%20word failed") == "GET /?q=${PASS} failed")
    }

    @Test func urlUserinfoIsMaskedEvenWhenUnknown() {
        let redactor = Redactor()
        #expect(redactor.redact("https://user:pass@host/x") == "https://user:***@host/x")
        #expect(
            redactor.redact("see http://tok3n@host and https://a:b@c/")
                == "see http://***@host and https://a:***@c/")
        #expect(redactor.redact("https://host/a@b") == "https://host/a@b")
        #expect(redactor.redact("no url here: user@host") == "no url here: user@host")
    }

    @Test func emptyValuesAreIgnored() {
        var redactor = Redactor()
        redactor.add("", placeholder: "${EMPTY}")
        #expect(redactor.isEmpty)
        #expect(redactor.redact("text") == "text")
    }

    @Test func neverPrintsItsValues() {
        var redactor = Redactor()
        redactor.add("s3cr3t", placeholder: "***")
        var dumped = ""
        dump(redactor, to: &dumped)
        #expect(!"\(redactor)".contains("s3cr3t"))
        #expect(!String(reflecting: redactor).contains("s3cr3t"))
        #expect(!dumped.contains("s3cr3t"))
    }
}
