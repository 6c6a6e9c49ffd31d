import CCurl

/// What a probe read of the server's leaf certificate: when it expires, who issued it, whom it
/// names. From libcurl's `CURLINFO_CERTINFO`, on transfers that opened a new connection (a reused
/// connection did no handshake, so there is nothing new to read).
public struct PeerCertificate: Sendable, Equatable {
    /// The certificate's notAfter, in seconds since 1970 (UTC).
    public var notAfter: Int64
    /// The issuer's distinguished name as OpenSSL prints it (`CN = …, O = …`), raw from the network.
    public var issuer: String
    /// The subject's distinguished name, raw from the network.
    public var subject: String

    /// Creates certificate facts.
    public init(notAfter: Int64, issuer: String, subject: String) {
        self.notAfter = notAfter
        self.issuer = issuer
        self.subject = subject
    }

    /// Reads the leaf (the first certificate) from libcurl's `Name:value` lines, or `nil` when it
    /// has no parseable `Expire date`.
    static func parse(_ lines: [String]) -> PeerCertificate? {
        var notAfter: Int64?
        var issuer = ""
        var subject = ""
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let value = String(line[line.index(after: colon)...])
            switch line[..<colon] {
            case "Expire date":
                // "Dec 11 00:19:05 2026 GMT": curl_getdate reads it, as it reads HTTP dates.
                let seconds = curl_getdate(value, nil)
                if seconds >= 0 { notAfter = Int64(seconds) }
            case "Issuer": issuer = String(value.prefix(256))
            case "Subject": subject = String(value.prefix(256))
            default: break
            }
        }
        return notAfter.map { PeerCertificate(notAfter: $0, issuer: issuer, subject: subject) }
    }
}
