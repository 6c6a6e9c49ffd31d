/// JSON bodies for `expect.json`: a Spring-Boot-style health document whose fields the query
/// sets, and the bodies a JSON check must survive (large, not JSON, deeply nested).
extension ChaosRouter {
    /// `/json/health?status=UP&db=UP&count=3&version=2.4.1&bad_check=0&note=`: a health document
    /// of about 200 bytes; `bad_check=1` makes the second of three checks `ok: false`, `note` adds
    /// a free-text field (for testing what a failure message shows of the body).
    /// `/json/big?bytes=N`: a valid JSON document of N bytes. `/json/nested?depth=N`: N nested
    /// arrays. `/json/text`: an HTML page served as JSON.
    func json(_ shape: String, _ query: QueryReader) throws(QueryReader.Invalid) -> ChaosBehaviour {
        switch shape {
        case "health": return .respond(Self.jsonResponse(try Self.health(query)))
        case "big":
            let bytes = try query.integer("bytes", default: 8_192, in: 16...(16 << 20))
            let filler = String(repeating: "x", count: bytes - 14)
            return .respond(Self.jsonResponse("{\"filler\":\"\(filler)\"}\n"))
        case "nested":
            let depth = try query.integer("depth", default: 1_000, in: 1...100_000)
            let body = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
            return .respond(Self.jsonResponse(body))
        case "text":
            return .respond(Self.jsonResponse("<html><body>Service Unavailable</body></html>\n"))
        default:
            return .respond(ChaosResponse(status: 404, body: "no JSON shape \(shape)\n"))
        }
    }

    private static func health(_ query: QueryReader) throws(QueryReader.Invalid) -> String {
        func text(_ name: String, _ fallback: String) throws(QueryReader.Invalid) -> String {
            let value = query.query[name] ?? fallback
            guard value.count <= 200, !value.unicodeScalars.contains(where: { $0 == "\"" || $0 == "\\" })
            else {
                throw QueryReader.Invalid(message: "\(name) must be at most 200 characters without \" or \\")
            }
            return value
        }
        let count = try query.integer("count", default: 3, in: 0...1_000_000)
        let badCheck = try query.flag("bad_check")
        var body = "{\"status\":\"\(try text("status", "UP"))\","
        body += "\"components\":{\"db\":{\"status\":\"\(try text("db", "UP"))\"}},"
        body += "\"items\":[{\"id\":\"a1\"},{\"id\":\"b2\"}],"
        body += "\"checks\":[{\"ok\":true},{\"ok\":\(badCheck ? "false" : "true")},{\"ok\":true}],"
        body += "\"count\":\(count),\"version\":\"\(try text("version", "2.4.1"))\""
        if let note = query.query["note"] { body += ",\"note\":\"\(try text("note", note))\"" }
        return body + "}\n"
    }

    private static func jsonResponse(_ body: String) -> ChaosResponse {
        ChaosResponse(status: 200, body: body, contentType: "application/json")
    }
}
