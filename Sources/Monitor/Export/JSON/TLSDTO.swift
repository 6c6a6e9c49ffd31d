import Foundation

/// The server certificate in the JSON snapshot (`endpoints[].tls`), `null` for endpoints without
/// TLS or before their first connection.
public struct TLSDTO: Codable, Sendable, Equatable {
    /// The certificate's notAfter, RFC 3339.
    public var notAfter: String
    /// The issuer's name.
    public var issuer: String
    /// The subject's name.
    public var subject: String
    /// Whole days left at the snapshot's time; negative once expired.
    public var daysLeft: Int

    enum CodingKeys: String, CodingKey {
        case notAfter = "not_after"
        case issuer, subject
        case daysLeft = "days_left"
    }

    /// The DTO of `certificate`.
    public init(_ certificate: TLSCertificate) {
        notAfter = RFC3339.string(from: certificate.notAfter)
        issuer = certificate.issuer
        subject = certificate.subject
        daysLeft = certificate.daysLeft
    }
}
