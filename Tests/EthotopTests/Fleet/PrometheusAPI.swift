import Foundation

/// The few calls of Prometheus's HTTP API (v1) the fleet test needs, over loopback.
struct PrometheusAPI {
    /// One sample of an instant vector.
    struct Sample: Decodable, CustomStringConvertible {
        var metric: [String: String]
        var value: Double

        private enum CodingKeys: String, CodingKey { case metric, value }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            metric = try container.decode([String: String].self, forKey: .metric)
            // "value": [<unix time>, "<value as a string>"]
            var pair = try container.nestedUnkeyedContainer(forKey: .value)
            _ = try pair.decode(Double.self)
            value = Double(try pair.decode(String.self)) ?? .nan
        }

        var description: String { "\(metric) \(value)" }
    }

    /// The answer to `/api/v1/query`.
    struct QueryResponse: Decodable {
        struct Payload: Decodable {
            var resultType: String
            var result: [Sample]
        }

        var status: String
        var data: Payload?
        var error: String?
    }

    /// Why a query did not give a vector.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let port: Int

    /// Whether the server says it is ready (`/-/ready`: TSDB open, config and rules loaded).
    func isReady() -> Bool {
        (try? HTTPGet.fetch(port: port, path: "/-/ready"))?.contains("Ready") ?? false
    }

    /// Evaluates `promQL` now; the instant vector's samples.
    func query(_ promQL: String) throws -> [Sample] {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        guard let encoded = promQL.addingPercentEncoding(withAllowedCharacters: allowed) else {
            throw Failure(description: "cannot encode \(promQL)")
        }
        let body = try HTTPGet.fetch(port: port, path: "/api/v1/query?query=\(encoded)")
        let response = try JSONDecoder().decode(QueryResponse.self, from: Data(body.utf8))
        guard response.status == "success", let data = response.data, data.resultType == "vector" else {
            throw Failure(description: "\(promQL): \(response.error ?? body)")
        }
        return data.result
    }
}
