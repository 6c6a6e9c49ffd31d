import Foundation

extension ChaosRouter {
    /// The most request bytes `/reflect` puts into its reason phrase (the body gets all of them).
    static let maxReflectedReason = 8 * 1024
    /// The largest header `/big-header` sends.
    static let maxBigHeaderBytes = 16 << 20

    /// `/reflect?status=500&part=all&form=raw`: the request line, every header and the body
    /// quoted back in the reason phrase (first 8 KiB, line breaks removed) and in the body — what
    /// a broken or hostile server may legally do with a client's credentials. `part` picks one
    /// piece: `line`, `body`, or a header's name (its values). `form` encodes the
    /// quote: `percent` escapes every byte but letters and digits in lower-case hex, `json` writes
    /// it as a JSON string with `\/` for every slash.
    func reflect(_ request: ChaosRequest, _ query: QueryReader) throws(QueryReader.Invalid) -> ChaosBehaviour
    {
        let code = try query.integer("status", default: 500, in: 200...999)
        let target = request.rawQuery.isEmpty ? request.path : "\(request.path)?\(request.rawQuery)"
        let line =
            "\(request.method.rawValue) \(target) HTTP/\(request.version.major).\(request.version.minor)"
        let body = String(decoding: request.body, as: UTF8.self)
        let text: String
        switch query.query["part"] ?? "all" {
        case "all":
            text = ([line] + request.headers.map { "\($0.name): \($0.value)" } + ["body: " + body]).joined(
                separator: " | ")
        case "line": text = line
        case "body": text = body
        case let name: text = request.headers[canonicalForm: name].joined(separator: ", ")
        }
        let quoted: String
        switch query.query["form"] ?? "raw" {
        case "raw": quoted = text
        case "percent": quoted = Self.lowerPercentEncoded(text)
        case "json": quoted = Self.jsonQuoted(text)
        default: throw .init(message: "form must be raw, percent or json")
        }
        var response = ChaosResponse(
            status: code, reason: Array(quoted.utf8.prefix(Self.maxReflectedReason)), body: Array(quoted.utf8)
        )
        response.add("Content-Type", "text/plain; charset=utf-8")
        return .respond(response)
    }

    /// `/big-header?bytes=204800`: a 200 whose `X-Big` header is `bytes` long (more than
    /// libcurl's 100 KiB limit on one header by default).
    func bigHeader(_ query: QueryReader) throws(QueryReader.Invalid) -> ChaosBehaviour {
        let bytes = try query.integer("bytes", default: 200 * 1024, in: 1...Self.maxBigHeaderBytes)
        var response = ChaosResponse(status: 200, body: "ok\n")
        response.headers.append(("X-Big", Array(repeating: UInt8(ascii: "a"), count: bytes)))
        return .respond(response)
    }

    static func lowerPercentEncoded(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            let scalar = Unicode.Scalar(byte)
            if byte < 0x80, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                out.unicodeScalars.append(scalar)
            } else {
                out += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: false)
            }
        }
        return out
    }

    static func jsonQuoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "/": out += "\\/"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
