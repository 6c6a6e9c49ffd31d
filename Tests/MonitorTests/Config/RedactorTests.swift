import Foundation
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

    // MARK: - Forms a server or libcurl may quote a secret in

    @Test func percentEncodingInEitherCaseAndPlusForSpace() {
        var redactor = Redactor()
        redactor.add("a/b c+d", placeholder: "${X}")
        #expect(redactor.redact("q=a%2fb%20c%2Bd!") == "q=${X}!")
        #expect(redactor.redact("q=a%2Fb+c%2bd!") == "q=${X}!")
        // Mixed: some bytes escaped, some not.
        #expect(redactor.redact("a/b%20c+d") == "${X}")
        #expect(!redactor.containsSecret("a%2fb%20c"))
    }

    @Test func jsonAndHTMLEscapes() {
        var redactor = Redactor()
        redactor.add("p/q\"r\\s", placeholder: "${X}")
        #expect(redactor.redact(#"{"v":"p\/q\"r\\s"}"#) == #"{"v":"${X}"}"#)
        #expect(redactor.redact(#"p\u002fq\u0022r\u005cs"#) == "${X}")
        #expect(redactor.redact("p&#47;q&quot;r\\s and p&#x2F;q&#34;r\\s") == "${X} and ${X}")
    }

    @Test func lettersMatchInEitherCase() {
        var redactor = Redactor()
        redactor.add("Tenant7Secret", placeholder: "${HOST}")
        #expect(
            redactor.redact("Could not resolve host: tenant7secret.invalid")
                == "Could not resolve host: ${HOST}.invalid")
    }

    @Test func base64OfURLUserinfoIsWhatLibcurlSends() {
        var redactor = Redactor()
        redactor.addUserinfo(user: "svc", password: "p%40ss-word")
        // libcurl decodes the userinfo before encoding it for Authorization: Basic.
        let basic = Data("svc:p@ss-word".utf8).base64EncodedString()
        #expect(redactor.redact("Authorization: Basic \(basic)") == "Authorization: Basic ***")
        let bareUser = Data("tok3n-abc:".utf8).base64EncodedString()
        redactor.addUserinfo(user: "tok3n-abc", password: nil)
        #expect(redactor.redact("got \(bareUser)") == "got ***")
    }

    @Test func authorizationValuesRegisterTheirTokenAndBasicParts() {
        var redactor = Redactor()
        let credentials = Data("admin:hunter2-pw".utf8).base64EncodedString()
        redactor.add("Basic \(credentials)", placeholder: "***")
        #expect(redactor.redact("token \(credentials) seen") == "token *** seen")
        #expect(redactor.redact("user admin:hunter2-pw") == "user ***")
        #expect(redactor.redact("password hunter2-pw") == "password ***")
    }

    @Test func serverDecodedFormOfAnEncodedValue() {
        var redactor = Redactor()
        redactor.add("key%2Fwith%20space", placeholder: "${K}")
        #expect(redactor.redact("echo: key/with space") == "echo: ${K}")
        #expect(redactor.redact("echo: key%2Fwith%20space") == "echo: ${K}")
    }

    // MARK: - scrub: untrusted text into the model

    @Test func scrubSanitisesBeforeRedactingSoEscapesCannotSplitASecret() {
        var redactor = Redactor()
        redactor.add("s3cr3t-value", placeholder: "${T}")
        #expect(redactor.scrub("HTTP s3cr3t\u{1B}[0m-va\u{7}lue\r\n") == "HTTP ${T}")
    }

    @Test func scrubNeverCutsASecretInHalf() {
        var redactor = Redactor()
        redactor.add("s3cr3t-value", placeholder: "***")
        let text = "prefix " + "s3cr3t-value"
        for limit in 1...text.count {
            let scrubbed = redactor.scrub(text, maxLength: limit)
            #expect(!scrubbed.contains("s3c"), "\(limit): \(scrubbed)")
            #expect(scrubbed.count <= limit)
        }
        // Beyond the window: a long run of text, then a secret over the cut.
        let long = String(repeating: "x", count: Redactor.scrubWindow * 4 + 10) + "s3cr3t-value"
        #expect(!redactor.scrub(long, maxLength: 100).contains("s3c"))
    }

    @Test func aLongSecretDoesNotRecurseDeeply() {
        var redactor = Redactor()
        let secret = String(repeating: "a/", count: 50_000)
        redactor.add(secret, placeholder: "${BIG}")
        let encoded = String(repeating: "a%2F", count: 50_000)
        #expect(redactor.redact("<\(encoded)>") == "<${BIG}>")
    }
}
