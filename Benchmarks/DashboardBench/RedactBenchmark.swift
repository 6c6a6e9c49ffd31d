import Foundation
import Monitor

/// `DashboardBench redact` — the cost of making one server- or libcurl-supplied message safe
/// (``Redactor/scrub(_:maxLength:)``: sanitise, redact, cut), which runs once per failed probe.
///
/// The redactor holds what a realistic endpoint registers (a header token, URL userinfo with its
/// base64 forms, a query key, a body secret: 12 forms) plus `--extra` unrelated secrets, to show
/// the first-byte index keeping the cost flat as the count grows.
enum RedactBenchmark {
    /// Merging 10,000 endpoints' redactors into the config's (what the loader does), each with a
    /// distinct token and URL password: registering must not be quadratic in the total.
    static func merge(_ options: Options) {
        let endpoints = options.int("endpoints", 10_000)
        let start = DispatchTime.now().uptimeNanoseconds
        var merged = Redactor()
        for index in 0..<endpoints {
            var own = Redactor()
            own.add("tok-\(index)-\(index &* 2_654_435_761)", placeholder: "${TOKEN_\(index)}")
            own.addUserinfo(user: "svc\(index)", password: "pw%2F\(index)")
            merged.merge(own)
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        print(
            "merged \(endpoints) endpoint redactors (\(merged.count) forms) in \(String(format: "%.1f ms", elapsed))"
        )
    }

    static func run(_ options: Options) {
        let iterations = options.int("iterations", 200_000)
        for extra in [0, 100, 1_000] {
            var redactor = Redactor()
            redactor.add("tok-3f9a1c2e7b5d4e6f", placeholder: "${API_TOKEN}")
            redactor.add("pw%2Fq8w7e6r5t4", placeholder: "${PASS}")
            redactor.addUserinfo(user: "svc", password: "pw%2Fq8w7e6r5t4")
            redactor.add("qk/5e4d3c2b1a", placeholder: "${QUERY_KEY}")
            redactor.add("bs \"body\" 9z8y7x", placeholder: "${BODY}")
            for index in 0..<extra { redactor.add("unrelated-\(index)-\(index * 7919)", placeholder: "***") }
            let basic = Data("svc:pw/q8w7e6r5t4".utf8).base64EncodedString()
            let hostile = String(
                repeating: "GET /reflect?key=qk%2f5e4d3c2b1a HTTP/1.1 | Authorization: Basic \(basic) | ",
                count: 64)
            let messages: [(String, String, Int)] = [
                (
                    "libcurl error, no secret",
                    "connectRefused: Failed to connect to 127.0.0.1 port 9: Connection refused", 240
                ),
                (
                    "reason phrase with a token",
                    "HTTP 500 upstream said: token tok-3f9a1c2e7b5d4e6f rejected", 80
                ),
                ("8 KiB hostile reason, 128 encoded secrets", hostile, 80),
            ]
            if extra == 0 {
                // The floor: sanitising alone, what every message cost before redaction.
                for (name, text, limit) in messages {
                    let count = name.hasPrefix("8 KiB") ? iterations / 50 : iterations
                    var sink = 0
                    let start = DispatchTime.now().uptimeNanoseconds
                    for _ in 0..<count { sink &+= TextSanitizer.sanitize(text, maxLength: limit).utf8.count }
                    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start)
                    let perCall = String(format: "%.2f µs", elapsed / Double(count) / 1_000)
                    print(
                        "| \(name), sanitise only | 0 | \(text.utf8.count) B | \(perCall) | \(sink > 0 ? "" : "!") |"
                    )
                }
            }
            for (name, text, limit) in messages {
                let count = name.hasPrefix("8 KiB") ? iterations / 50 : iterations
                var sink = 0
                let start = DispatchTime.now().uptimeNanoseconds
                for _ in 0..<count { sink &+= redactor.scrub(text, maxLength: limit).utf8.count }
                let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start)
                print(
                    "| \(name) | \(redactor.count) | \(text.utf8.count) B | \(String(format: "%.2f µs", elapsed / Double(count) / 1_000)) | \(sink > 0 ? "" : "!") |"
                )
            }
        }
    }
}
