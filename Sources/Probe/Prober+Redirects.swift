extension Prober {
    /// Follows redirects hop by hop: each hop is its own transfer, built by ``RedirectStep``.
    ///
    /// libcurl's own following sends every custom header to whatever host a `Location` names (it
    /// drops only `Authorization` and `Cookie`), and follows https to http; here each hop is checked
    /// first. The hops share the request's timeout; the result's total time covers all of them.
    func followingRedirects(
        _ request: ProbeRequest, queueTimeout: Duration?
    ) async throws(ProbeError) -> ProbeResult {
        var step = RedirectStep(original: request)
        var spentMicros: Int64 = 0
        while true {
            var hop = step.request
            let left = request.timeout - .microseconds(spentMicros)
            if step.count > 0 {
                guard left > .zero else {
                    throw ProbeError(
                        .timeout(.serverWait), message: "timed out following redirects",
                        timings: PhaseTimings(totalMicros: spentMicros))
                }
                hop.timeout = left
                hop.connectTimeout = min(hop.connectTimeout, left)
            }
            var result: ProbeResult
            do throws(ProbeError) {
                result = try await transfer(hop, queueTimeout: queueTimeout)
            } catch {
                var failure = error
                failure.timings.totalMicros += spentMicros
                throw failure
            }
            spentMicros += result.timings.totalMicros
            guard RedirectStep.isRedirect(result.status), let target = result.redirectURL else {
                result.redirectCount = step.count
                result.timings.totalMicros = spentMicros
                return result
            }
            do throws(ProbeError) {
                try step.advance(to: target, status: result.status)
            } catch {
                var failure = error
                failure.timings = result.timings
                failure.timings.totalMicros = spentMicros
                throw failure
            }
        }
    }
}

/// The redirect rules, as a value: from the original request and the hops so far, the next
/// request, or why there is none.
///
/// - A header named in ``ProbeRequest/originBoundHeaders`` goes only to the original URL's origin
///   (scheme, host and port), on every hop that is there; so do the original URL's userinfo
///   credentials.
/// - 303 turns any method but HEAD into a GET without body; 301 and 302 turn a POST into a GET
///   (what browsers and libcurl do); 307 and 308 resend the method and body, which for an
///   ``ProbeRequest/originBoundBody`` to another origin is refused.
/// - https to http is refused unless ``ProbeRequest/allowInsecureRedirect``; only http and https
///   targets are followed; at most ``ProbeRequest/maxRedirects`` hops (then libcurl's own
///   `TOO_MANY_REDIRECTS`, 47).
struct RedirectStep: Sendable {
    let original: ProbeRequest
    /// The next request to send.
    private(set) var request: ProbeRequest
    /// Redirects followed so far.
    private(set) var count = 0

    init(original: ProbeRequest) {
        self.original = original
        request = original
    }

    static func isRedirect(_ status: Int) -> Bool {
        [301, 302, 303, 307, 308].contains(status)
    }

    /// Moves to the request for `target`, the `Location` of a `status` response to ``request``.
    mutating func advance(to target: String, status: Int) throws(ProbeError) {
        guard count < original.maxRedirects else {
            throw ProbeError(
                .other(curlCode: 47), message: "Maximum (\(original.maxRedirects)) redirects followed",
                curlCode: 47)
        }
        let scheme = Self.scheme(of: target)
        guard scheme == "http" || scheme == "https" else {
            throw ProbeError(
                .redirectRefused,
                message: "redirect to a \(scheme.isEmpty ? "relative or unknown" : scheme) URL refused")
        }
        if Self.scheme(of: request.url) == "https" && scheme == "http" && !original.allowInsecureRedirect {
            throw ProbeError(
                .redirectRefused,
                message: "redirect from https to http refused (allow_insecure_redirect is off): \(target)")
        }
        var next = request
        let sameOrigin = Origin.key(target) == original.origin
        next.url = sameOrigin ? Self.withUserinfo(of: original.url, on: target) : target
        let keepsBody = status == 307 || status == 308
        if !keepsBody
            && (status == 303 ? next.method.uppercased() != "HEAD" : next.method.uppercased() == "POST")
        {
            next.method = "GET"
            next.body = nil
        }
        if next.body != nil && original.originBoundBody && !sameOrigin {
            throw ProbeError(
                .redirectRefused,
                message:
                    "a \(status) redirect to another origin would resend the body, which holds a secret: \(target)"
            )
        }
        next.headers =
            sameOrigin
            ? original.headers
            : original.headers.filter { !original.originBoundHeaders.contains($0.name.lowercased()) }
        request = next
        count += 1
    }

    /// The lower-cased scheme of `url` (before `://`), or "" when it has none.
    static func scheme(of url: String) -> String {
        guard let range = url.firstRange(of: "://") else { return "" }
        return url[..<range.lowerBound].lowercased()
    }

    /// `target` with the userinfo of `source` when `target` has none (same origin only: libcurl's
    /// `REDIRECT_URL` never carries the credentials).
    static func withUserinfo(of source: String, on target: String) -> String {
        guard let sourceStart = source.firstRange(of: "://"), let targetStart = target.firstRange(of: "://")
        else {
            return target
        }
        let sourceAuthority = source[sourceStart.upperBound...].prefix { !"/?#".contains($0) }
        let targetAuthority = target[targetStart.upperBound...].prefix { !"/?#".contains($0) }
        guard let at = sourceAuthority.lastIndex(of: "@"), !targetAuthority.contains("@") else {
            return target
        }
        return String(target[..<targetStart.upperBound]) + sourceAuthority[...at]
            + target[targetStart.upperBound...]
    }
}
