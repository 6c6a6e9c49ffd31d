import ChaosServer
import Foundation
import Testing

@testable import Probe

/// A pooled easy handle reused for a request that differs only in its URL gets just the new URL;
/// any other difference sets the handle up from scratch.
@Suite struct ProbeRequestReuseTests {
    private let base = ProbeRequest(url: "http://127.0.0.1:1/a")

    @Test func everyStoredPropertyIsCompared() {
        // 17 public properties, the cached origin and the kind (both follow the URL): a new one must be
        // added to `differsAtMostInURL(from:)`, or a reused handle would keep the old value.
        #expect(Mirror(reflecting: base).children.count == 19)
    }

    @Test func onlyTheURLMayDiffer() {
        var other = base
        other.url = "http://example.com:8080/b?c"
        #expect(other.differsAtMostInURL(from: base))
        let changes: [(String, (inout ProbeRequest) -> Void)] = [
            ("method", { $0.method = "HEAD" }),
            ("headers", { $0.headers = [ProbeHeader(name: "X", value: "1")] }),
            ("body", { $0.body = [1] }),
            ("connectTimeout", { $0.connectTimeout = .seconds(1) }),
            ("timeout", { $0.timeout = .seconds(1) }),
            ("maxBodyBytes", { $0.maxBodyBytes = 1 }),
            ("followRedirects", { $0.followRedirects = true }),
            ("maxRedirects", { $0.maxRedirects = 1 }),
            ("originBoundHeaders", { $0.originBoundHeaders = ["x-api-key"] }),
            ("originBoundBody", { $0.originBoundBody = true }),
            ("allowInsecureRedirect", { $0.allowInsecureRedirect = true }),
            ("tlsVerify", { $0.tlsVerify = false }),
            ("httpVersion", { $0.httpVersion = .http1_1 }),
            ("userAgent", { $0.userAgent = "other" }),
            ("caFile", { $0.caFile = "/tmp/ca.pem" }),
            ("transport.clientCertificate", { $0.transport.clientCertificate = "/tmp/c.pem" }),
            ("transport.clientKey", { $0.transport.clientKey = "/tmp/k.pem" }),
            ("transport.keyPassword", { $0.transport.keyPassword = "x" }),
            ("transport.proxy", { $0.transport.proxy = .none }),
            ("transport.noProxy", { $0.transport.noProxy = "a" }),
            ("transport.resolve", { $0.transport.resolve = ["a:1:127.0.0.1"] }),
            ("transport.ipVersion", { $0.transport.ipVersion = .v4 }),
            ("transport.readsCertificate", { $0.transport.readsCertificate = true }),
        ]
        // One entry per property but url, origin, kind and transport, plus one per transport field.
        let expected =
            Mirror(reflecting: base).children.count - 4 + Mirror(reflecting: base.transport).children.count
        #expect(changes.count == expected, "all but url and origin")
        for (name, change) in changes {
            var changed = other
            change(&changed)
            #expect(!changed.differsAtMostInURL(from: base), "\(name)")
        }
    }

    /// One connection, so one handle serves every request in turn: each must reach the server
    /// with its own URL, method and headers, whether the handle was only re-pointed or set up anew.
    @Test func aReusedHandleSendsEachRequestAsConfigured() async throws {
        try await withChaos(configuration: ProberConfiguration(maxConnections: 1, maxPooledHandles: 1)) {
            server, prober in
            let plain = ProbeRequest(url: server.url(for: "/echo?n=1"))
            let samePlainOtherURL = ProbeRequest(url: server.url(for: "/echo?n=2"))
            var withHeader = ProbeRequest(url: server.url(for: "/echo?n=3"))
            withHeader.headers = [ProbeHeader(name: "X-Probe", value: "yes")]
            var head = ProbeRequest(method: "HEAD", url: server.url(for: "/echo?n=4"))
            head.userAgent = "reuse-test"
            for (request, query, method, header) in [
                (plain, "n=1", "GET", false), (samePlainOtherURL, "n=2", "GET", false),
                (withHeader, "n=3", "GET", true), (plain, "n=1", "GET", false),
            ] {
                let result = try await prober.probe(request)
                let echo = try #require(
                    try JSONSerialization.jsonObject(with: Data(result.bodyPrefix)) as? [String: Any])
                let n = (echo["query"] as? [String: Any])?["n"].map { "n=\($0)" }
                #expect(n == query, "\(echo)")
                #expect(echo["method"] as? String == method)
                let names = (echo["headers"] as? [[String]] ?? []).compactMap { $0.first?.lowercased() }
                #expect(names.contains("x-probe") == header, "\(query)")
            }
            let result = try await prober.probe(head)
            #expect(result.status == 200)
            #expect(result.bodyPrefix.isEmpty, "HEAD: no body")
            #expect(server.requestCount(path: "/echo") == 5)
        }
    }
}
