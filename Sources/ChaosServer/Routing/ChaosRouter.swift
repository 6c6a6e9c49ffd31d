import Foundation
import NIOCore

/// Maps a request to a ``ChaosBehaviour``: the table of endpoints documented in docs/CHAOS.md.
///
/// Pure apart from the shared ``ChaosState`` it reads and counts in; it performs no I/O, so the
/// handler stays the only place that touches the connection.
struct ChaosRouter {
    let state: ChaosState

    /// The largest body `/huge` and `/drip` will produce: 1 TiB, effectively unbounded for a probe.
    static let maxBodyBytes = 1 << 40
    /// The longest delay any endpoint accepts: one hour.
    static let maxDelayMilliseconds = 3_600_000

    /// What to do with `request`.
    func behaviour(for request: ChaosRequest) -> ChaosBehaviour {
        let segments = request.path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        let reader = QueryReader(query: request.query)
        do {
            return try route(segments, request, reader)
        } catch {
            return .respond(ChaosResponse(status: 400, body: "\(error.message)\n"))
        }
    }

    private func route(
        _ segments: [String], _ request: ChaosRequest, _ query: QueryReader
    ) throws(QueryReader.Invalid) -> ChaosBehaviour {
        switch (segments.first ?? "", segments.count) {
        case ("", 0): return .respond(ChaosResponse(status: 200, body: Self.index))
        case ("ok", 1): return .respond(ChaosResponse(status: 200, body: "ok\n"))
        case ("delay", 1): return try delay(request, query)
        case ("flaky", 1): return try flaky(request, query)
        case ("status", 2): return try status(segments[1], query)
        case ("outage", 2): return try outage(segments[1], query)
        case ("ratelimited", 1): return try rateLimited(query)
        case ("ratelimit", 2): return try rateLimit(bucket: segments[1], query)
        case ("hang", 1): return .hang
        case ("reset", 1): return try reset(query)
        case ("reset-headers", 1): return .resetBeforeResponse
        case ("close", 1): return .close
        case ("garbage", 1): return .garbage(ChaosPayloads.garbage)
        case ("huge", 1): return try huge(query)
        case ("drip", 1): return try drip(query)
        case ("escapes", 1): return .respond(Self.escapes())
        case ("redirect", 1), ("redirect", 2): return try redirect(segments, query)
        case ("echo", 1): return .respond(echo(request))
        case ("reflect", 1): return try reflect(request, query)
        case ("big-header", 1): return try bigHeader(query)
        case ("json", 2): return try json(segments[1], query)
        case ("control", _): return try control(Array(segments.dropFirst()), request, query)
        default:
            return .respond(ChaosResponse(status: 404, body: "no chaos endpoint at \(request.path)\n"))
        }
    }

    // MARK: Latency and failure

    /// `/delay?ms=200`, `/delay?min=50&max=400`, plus `&status=`, `&tail_p=&tail_ms=`.
    private func delay(_ request: ChaosRequest, _ query: QueryReader) throws(QueryReader.Invalid)
        -> ChaosBehaviour
    {
        let limit = 0...Self.maxDelayMilliseconds
        var milliseconds: Int
        if let fixed = try query.integer("ms", in: limit) {
            milliseconds = fixed
        } else {
            let low = try query.integer("min", default: 0, in: limit)
            let high = try query.integer("max", default: low, in: limit)
            guard low <= high else { throw .init(message: "min must not exceed max") }
            milliseconds = state.nextInteger(in: low...high, stream: request.streamKey)
        }
        let tailProbability = try query.number("tail_p", default: 0, in: 0...1)
        if tailProbability > 0, state.nextUnit(stream: request.streamKey + "#tail") < tailProbability {
            milliseconds = try query.integer("tail_ms", default: milliseconds * 10, in: limit)
        }
        let code = try query.integer("status", default: 200, in: 200...999)
        var response = ChaosResponse(status: code, body: code == 200 ? "ok\n" : "\(code)\n")
        response.add("X-Chaos-Delay-Ms", String(milliseconds))
        return .respond(response, after: .milliseconds(Int64(milliseconds)))
    }

    /// `/flaky?p=0.3`: 503 (or `&status=`) with probability `p`, reproducible per server seed.
    private func flaky(_ request: ChaosRequest, _ query: QueryReader) throws(QueryReader.Invalid)
        -> ChaosBehaviour
    {
        let probability = try query.number("p", default: 0.5, in: 0...1)
        let failure = try query.integer("status", default: 503, in: 200...999)
        if state.nextUnit(stream: request.streamKey) < probability {
            return .respond(ChaosResponse(status: failure, body: "flaky failure\n"))
        }
        return .respond(ChaosResponse(status: 200, body: "ok\n"))
    }

    /// `/status/{code}`: any status 200...999, with optional `&retry_after=` and `&delay_ms=`.
    private func status(_ text: String, _ query: QueryReader) throws(QueryReader.Invalid) -> ChaosBehaviour {
        guard let code = Int(text), (200...999).contains(code) else {
            throw .init(message: "status must be an integer in 200...999 (1xx are not final responses)")
        }
        var response = ChaosResponse(status: code, body: "\(code) \(ChaosResponse.reasonPhrase(for: code))\n")
        if let seconds = try query.integer("retry_after", in: 0...86_400) {
            response.add("Retry-After", String(seconds))
        }
        if (300..<400).contains(code), code != 304 { response.add("Location", "/ok") }
        let delay = try query.integer("delay_ms", default: 0, in: 0...Self.maxDelayMilliseconds)
        return .respond(response, after: .milliseconds(Int64(delay)))
    }

    /// `/ratelimited?retry_after=2`: always 429 with `Retry-After` (seconds, or an HTTP-date with `&format=date`).
    private func rateLimited(_ query: QueryReader) throws(QueryReader.Invalid) -> ChaosBehaviour {
        let seconds = try query.integer("retry_after", default: 1, in: 0...86_400)
        var response = ChaosResponse(status: 429, body: "slow down\n")
        switch query.query["format"] ?? "seconds" {
        case "seconds": response.add("Retry-After", String(seconds))
        case "date": response.add("Retry-After", Self.httpDate(Date().addingTimeInterval(Double(seconds))))
        default: throw .init(message: "format must be seconds or date")
        }
        return .respond(response)
    }

    /// `/ratelimit/{bucket}?rps=2&burst=4`: a real token bucket shared by every path naming `bucket`.
    private func rateLimit(bucket: String, _ query: QueryReader) throws(QueryReader.Invalid) -> ChaosBehaviour
    {
        let rate = try query.number("rps", default: 1, in: 0.001...1_000_000)
        let burst = try query.number("burst", default: max(1, rate.rounded(.up)), in: 1...1_000_000)
        guard let decision = state.takeToken(bucket: bucket, rate: rate, capacity: burst) else {
            throw .init(message: "rps and burst must be positive")
        }
        switch decision {
        case .allow(let remaining):
            var response = ChaosResponse(status: 200, body: "ok\n")
            response.add("RateLimit-Remaining", String(remaining))
            return .respond(response)
        case .reject(let wait):
            var response = ChaosResponse(status: 429, body: "rate limited (bucket \(bucket))\n")
            response.add("Retry-After", String(Int(wait.seconds.rounded(.up))))
            response.add("RateLimit-Remaining", "0")
            return .respond(response)
        }
    }

    // MARK: Outages

    /// `/outage/{name}`: 200, or 503 while the switch is on or the `every`/`down` schedule says so.
    private func outage(_ name: String, _ query: QueryReader) throws(QueryReader.Invalid) -> ChaosBehaviour {
        var down = state.isOutageOn(name)
        if let every = try query.duration("every") {
            let length = try query.duration("down") ?? .zero
            let offset = try query.duration("offset") ?? .zero
            guard let schedule = OutageSchedule(every: every, down: length, offset: offset) else {
                throw .init(message: "every must be positive and down must not exceed it")
            }
            down = down || schedule.isDown(at: state.uptime)
        }
        if down {
            var response = ChaosResponse(status: 503, body: "outage \(name)\n")
            if let seconds = try query.integer("retry_after", in: 0...86_400) {
                response.add("Retry-After", String(seconds))
            }
            return .respond(response)
        }
        return .respond(ChaosResponse(status: 200, body: "ok\n"))
    }

    // MARK: Connection-level chaos

    /// `/reset?bytes=1024&after_ms=20`: head promising the full body, `bytes/2` of it, then RST.
    private func reset(_ query: QueryReader) throws(QueryReader.Invalid) -> ChaosBehaviour {
        let total = try query.integer("bytes", default: 1024, in: 2...(16 << 20))
        let sent = try query.integer("sent", default: total / 2, in: 0...(total - 1))
        let wait = try query.integer("after_ms", default: 20, in: 0...60_000)
        var response = ChaosResponse(
            status: 200, reason: Array("OK".utf8), body: Array(repeating: 0x2E, count: total))
        response.add("Content-Type", "text/plain")
        return .resetMidBody(response, partialBody: sent, after: .milliseconds(Int64(wait)))
    }

    /// `/huge?bytes=67108864&chunked=1`: a streamed body of `bytes` bytes.
    private func huge(_ query: QueryReader) throws(QueryReader.Invalid) -> ChaosBehaviour {
        let bytes = try query.integer("bytes", default: 64 << 20, in: 0...Self.maxBodyBytes)
        var response = ChaosResponse(status: 200, reason: Array("OK".utf8), body: [])
        response.add("Content-Type", "application/octet-stream")
        return .stream(response, bytes: bytes, chunked: try query.flag("chunked"))
    }

    /// `/drip?bytes=100&interval_ms=100&chunk=1`: the body a few bytes at a time.
    private func drip(_ query: QueryReader) throws(QueryReader.Invalid) -> ChaosBehaviour {
        let bytes = try query.integer("bytes", default: 100, in: 0...Self.maxBodyBytes)
        let interval = try query.integer("interval_ms", default: 100, in: 1...Self.maxDelayMilliseconds)
        let chunk = try query.integer("chunk", default: 1, in: 1...(1 << 20))
        var response = ChaosResponse(status: 200, reason: Array("OK".utf8), body: [])
        response.add("Content-Type", "text/plain")
        return .drip(
            response, bytes: bytes, chunk: chunk, interval: .milliseconds(Int64(interval)),
            chunked: try query.flag("chunked"))
    }

    /// `/redirect/{n}` (a chain of `n` hops ending at `/ok`) and `/redirect?to=/path&code=302`;
    /// `to` may also be an absolute URL on a loopback address (`http://127.0.0.2:8080/echo`), for
    /// cross-origin redirects that never leave the machine.
    private func redirect(_ segments: [String], _ query: QueryReader) throws(QueryReader.Invalid)
        -> ChaosBehaviour
    {
        let code = try query.integer("code", default: 302, in: 300...399)
        let target: String
        if segments.count == 2 {
            guard let hops = Int(segments[1]), hops >= 0 else { throw .init(message: "hops must be >= 0") }
            if hops == 0 { return .respond(ChaosResponse(status: 200, body: "ok\n")) }
            target = "/redirect/\(hops - 1)"
        } else {
            target = query.query["to"] ?? "/ok"
            guard (target.hasPrefix("/") && !target.hasPrefix("//")) || Self.isLoopbackURL(target) else {
                throw .init(message: "to must be a path on this server or an http(s) URL on 127.0.0.0/8")
            }
        }
        var response = ChaosResponse(status: code, body: "see \(target)\n")
        response.add("Location", target)
        return .respond(response)
    }

    // MARK: Helpers

    /// Whether `url` is `http(s)://127.x.y.z[:port]/…`: a redirect target that stays on this machine.
    static func isLoopbackURL(_ url: String) -> Bool {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host, components.user == nil
        else { return false }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    /// An IMF-fixdate (RFC 9110 §5.6.7), e.g. `Sun, 06 Nov 1994 08:49:37 GMT`.
    static func httpDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }

    /// The `/` page: one line per endpoint.
    static let index = """
        ethotop chaos server — endpoints (see docs/CHAOS.md):
          /ok  /delay?ms=|min=&max=[&status=&tail_p=&tail_ms=]  /flaky?p=[&status=]  /status/{code}
          /outage/{name}[?every=45s&down=10s]  /ratelimited?retry_after=  /ratelimit/{bucket}?rps=&burst=
          /hang  /reset  /reset-headers  /close  /garbage  /huge?bytes=[&chunked=1]
          /drip?bytes=&interval_ms=[&chunk=]  /escapes  /redirect/{n}  /redirect?to=  /echo
          /reflect?status=&form=raw|percent|json  /big-header?bytes=
          /json/health?status=&db=&count=&version=&bad_check=&note=  /json/big?bytes=  /json/nested?depth=  /json/text
          /control/outage/{name}?on=1|0  /control/stats

        """
}
