import ChaosServer
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `kill -HUP` reloads the config of a running `ethotop watch`: a valid file is applied with the
/// state of unchanged endpoints kept; an invalid one is rejected with its line and column and the
/// old config keeps running.
@Suite struct HangupReloadTests {
    static func config(_ server: ChaosServer, tunedInterval: String, extra: String = "") -> String {
        """
        refresh: 100ms
        defaults:
          interval: 100ms
          retry: { max_tries: 1 }
        endpoints:
          - name: steady
            url: "\(server.url(for: "/outage/steady"))"
          - name: tuned
            interval: \(tunedInterval)
            url: "\(server.url(for: "/outage/tuned"))"
        """ + extra
    }

    /// The JSON lines of `watch` so far, decoded.
    static func lines(_ watch: BuiltBinary) -> [[String: Any]] { watch.outputLines.compactMap(jsonObject) }

    static func isReload(_ line: [String: Any], accepted: Bool) -> Bool {
        line["type"] as? String == "event" && line["kind"] as? String == "reload"
            && line["accepted"] as? Bool == accepted
    }

    @Test func hangupAppliesAValidConfigAndRejectsAnInvalidOne() async throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        try await withChaosServer { server in try await run(sandbox: sandbox, server: server) }
    }

    private func run(sandbox: Sandbox, server: ChaosServer) async throws {
        let path = try sandbox.write("watch.yaml", Self.config(server, tunedInterval: "100ms"))
        let watch = try BuiltBinary(["watch", "--config", path], environment: sandbox.environment())

        // Both endpoints are probed for a while before the reload.
        var before: (steady: Int, tuned: Int) = (0, 0)
        #expect(
            await eventually {
                guard let last = Self.lines(watch).last(where: { $0["type"] as? String == "snapshot" }),
                    let steady = requestTotal("steady", in: last), let tuned = requestTotal("tuned", in: last)
                else { return false }
                before = (steady, tuned)
                return steady >= 8 && tuned >= 8
            }, "\(watch.standardError)")

        // 1. A valid edit: one endpoint added, one changed, one untouched.
        try sandbox.write(
            "watch.yaml",
            Self.config(
                server, tunedInterval: "200ms",
                extra: "\n  - name: added\n    url: \"\(server.url(for: "/outage/added"))\"\n"))
        watch.signal(SIGHUP)
        #expect(await eventually { Self.lines(watch).contains { Self.isReload($0, accepted: true) } })
        #expect(
            await eventually {
                Self.lines(watch).last.flatMap { requestTotal("added", in: $0) }.map { $0 >= 2 } ?? false
            }, "the added endpoint is probed")

        let afterValid = Self.lines(watch)
        let reloadIndex = try #require(afterValid.firstIndex { Self.isReload($0, accepted: true) })
        #expect(
            afterValid[reloadIndex]["message"] as? String
                == "config reloaded: 1 unchanged, 1 changed (tuned: timing), 1 added (added)")
        let snapshotsAfter = afterValid[reloadIndex...].filter { $0["type"] as? String == "snapshot" }
        let firstAfter = try #require(snapshotsAfter.first)
        // The unchanged endpoint kept its counters (its runtime, breaker and history too) ...
        #expect(snapshotsAfter.allSatisfy { (requestTotal("steady", in: $0) ?? 0) >= before.steady })
        // ... while the changed one was rebuilt from its new config, counters from zero.
        #expect((requestTotal("tuned", in: firstAfter) ?? .max) < before.tuned)
        #expect(endpoint("added", in: firstAfter) != nil)

        // 2. An invalid edit: the reload is rejected, pointing at the line and column.
        let invalid = Self.config(server, tunedInterval: "200ms", extra: "\n    intervall: 1s\n")
        let badLine = invalid.split(separator: "\n", omittingEmptySubsequences: false).firstIndex {
            $0.contains("intervall")
        }.map { $0 + 1 }
        try sandbox.write("watch.yaml", invalid)
        let steadyAtRejection = Self.lines(watch).last.flatMap { requestTotal("steady", in: $0) } ?? 0
        watch.signal(SIGHUP)
        #expect(await eventually { Self.lines(watch).contains { Self.isReload($0, accepted: false) } })
        let location = "\(path):\(badLine ?? 0):5: unknown key \"intervall\""
        let rejected = try #require(Self.lines(watch).first { Self.isReload($0, accepted: false) })
        let message = try #require(rejected["message"] as? String)
        #expect(
            message.hasPrefix("reload rejected (1 error; the old config keeps running): \(location)"),
            "\(message)")
        #expect(
            await eventually {
                Self.lines(watch).contains {
                    $0["kind"] as? String == "error"
                        && ($0["message"] as? String)?.hasPrefix(location) == true
                }
            }, "every problem follows as an error event")

        // The old config keeps running: the added endpoint stays, the others go on being probed.
        #expect(
            await eventually {
                guard let last = Self.lines(watch).last, let steady = requestTotal("steady", in: last) else {
                    return false
                }
                return steady >= steadyAtRejection + 3 && endpoint("added", in: last) != nil
            })

        #expect(await watch.terminate() == 0, "\(watch.standardError)")
        #expect(watch.standardError.isEmpty, "\(watch.standardError)")
    }
}
