public import Foundation

/// The leaf certificate an endpoint's server last presented, as the dashboard and exporters show
/// it. Read on new TLS connections and kept until the next one (a reused connection shows the
/// certificate of its handshake).
public struct TLSCertificate: Sendable, Equatable {
    /// When the certificate expires.
    public var notAfter: Date
    /// The issuer's name, sanitised (it comes from the network).
    public var issuer: String
    /// The subject's name, sanitised.
    public var subject: String
    /// Whole days from the snapshot's time to ``notAfter``, rounded down; negative once expired.
    public var daysLeft: Int

    /// Creates certificate facts.
    public init(notAfter: Date, issuer: String, subject: String, daysLeft: Int = 0) {
        self.notAfter = notAfter
        self.issuer = issuer
        self.subject = subject
        self.daysLeft = daysLeft
    }

    /// The same facts with ``daysLeft`` counted from `now`.
    public func at(_ now: Date) -> TLSCertificate {
        var copy = self
        copy.daysLeft = Int((notAfter.timeIntervalSince(now) / 86_400).rounded(.down))
        return copy
    }
}
