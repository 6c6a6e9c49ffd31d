import Glibc
import Monitor

/// `ExpectBench [iterations=20000]`: the CPU cost of `expect.json` per probe on a 4 KiB JSON body
/// (a Spring-Boot-style health document padded with components), for six conditions of the
/// documented kinds (`==`, `!=`, `exists`, `[*]`, `>=`, `=~`). Prints one `key=value` line with
/// µs per evaluation (read + all conditions). Run by bench/estate.bench.sh; not a test.
@main
struct ExpectBench {
    static func main() throws {
        let iterations = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 20_000 : 20_000
        let body = Array(document(bytes: 4_096).utf8)
        let conditions = [
            #"$.status == "UP""#, #"$.components.db.status != "DOWN""#, "$.items[0].id exists",
            "$.checks[*].ok == true", "$.count >= 3", #"$.version =~ "^2\\.""#,
        ]
        let assertions = try conditions.map { text in try JSONAssertion.parse(text) }
        guard let expectation = JSONExpectation(assertions) else { exit(1) }
        if let failure = expectation.failure(body: body, totalBytes: body.count) {
            print("unexpected failure: \(failure)")
            exit(1)
        }
        var failures = 0
        for _ in 0..<(iterations / 10) where expectation.failure(body: body, totalBytes: body.count) != nil {
            failures += 1
        }
        let before = cpuMicros()
        for _ in 0..<iterations where expectation.failure(body: body, totalBytes: body.count) != nil {
            failures += 1
        }
        let perEvaluation = Double(cpuMicros() - before) / Double(iterations)
        print(
            "tool=expect_json body_bytes=\(body.count) conditions=\(conditions.count) iterations=\(iterations) "
                + "failures=\(failures) cpu_us_per_eval=\((perEvaluation * 100).rounded() / 100)")
    }

    /// A health document of exactly `bytes` bytes: the fields the conditions read, then
    /// components until the size is reached, padded with spaces.
    static func document(bytes: Int) -> String {
        var text = #"{"status":"UP","count":3,"version":"2.4.1","items":[{"id":"a1"},{"id":"b2"}],"#
        text += #""checks":[{"ok":true},{"ok":true},{"ok":true}],"components":{"db":{"status":"UP"}"#
        var index = 0
        while text.utf8.count < bytes - 120 {
            text += #","service-\#(index)":{"status":"UP","details":{"latency_ms":\#(index % 97),"ok":true}}"#
            index += 1
        }
        text += "}}"
        return text + String(repeating: " ", count: max(0, bytes - text.utf8.count))
    }

    static func cpuMicros() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1_000_000 + usage.ru_utime.tv_usec
            + usage.ru_stime.tv_usec
    }
}
