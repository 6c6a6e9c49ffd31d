import Foundation
import Resilience

/// The half-open ledger of a breaker in the JSON snapshot (`breaker.half_open`).
public struct HalfOpenDTO: Codable, Sendable, Equatable {
    /// Trial calls allowed.
    public var permitted: Int
    /// Trial calls running now.
    public var inFlight: Int
    /// Trial calls that succeeded.
    public var succeeded: Int
    /// Trial calls that failed.
    public var failed: Int

    enum CodingKeys: String, CodingKey {
        case permitted
        case inFlight = "in_flight"
        case succeeded, failed
    }

    /// The DTO of `ledger`.
    public init(_ ledger: HalfOpenLedger) {
        permitted = ledger.permitted
        inFlight = ledger.inFlight
        succeeded = ledger.succeeded
        failed = ledger.failed
    }
}

/// One state change in a breaker's timeline (`breaker.timeline[]`).
public struct TransitionDTO: Codable, Sendable, Equatable {
    /// RFC 3339 UTC time of the change.
    public var at: String
    /// The state before, spelled as `breaker.state`.
    public var from: String
    /// The state after.
    public var to: String
    /// Why, in words, sanitised.
    public var reason: String

    /// The DTO of `record`.
    public init(_ record: TransitionRecord) {
        at = RFC3339.string(from: record.at)
        from = record.from.rawValue
        to = record.to.rawValue
        reason = TextSanitizer.sanitize(record.reason)
    }
}

/// One bar of the latency histogram (`latency_ms.histogram[]`).
public struct HistogramBucketDTO: Codable, Sendable, Equatable {
    /// Upper bound of the bar, ms.
    public var upperBoundMs: Double
    /// Samples in the bar.
    public var count: Int

    enum CodingKeys: String, CodingKey {
        case upperBoundMs = "upper_bound_ms"
        case count
    }

    /// The DTO of `bucket`.
    public init(_ bucket: HistogramBucket) {
        upperBoundMs = JSONNumber.rounded(bucket.upperBoundMs)
        count = bucket.count
    }
}

/// Phase timings of the last completed probe, in microseconds (`last_phases_us`).
public struct PhasesDTO: Codable, Sendable, Equatable {
    /// Name resolution.
    public var dnsUs: Int64
    /// TCP connect.
    public var connectUs: Int64
    /// TLS handshake.
    public var tlsUs: Int64
    /// Time to first byte after the request was sent.
    public var serverWaitUs: Int64
    /// Body transfer.
    public var transferUs: Int64
    /// The whole probe.
    public var totalUs: Int64

    enum CodingKeys: String, CodingKey {
        case dnsUs = "dns_us"
        case connectUs = "connect_us"
        case tlsUs = "tls_us"
        case serverWaitUs = "server_wait_us"
        case transferUs = "transfer_us"
        case totalUs = "total_us"
    }

    /// The DTO of `phases`.
    public init(_ phases: PhaseTimings) {
        dnsUs = phases.dnsMicros
        connectUs = phases.connectMicros
        tlsUs = phases.tlsMicros
        serverWaitUs = phases.serverWaitMicros
        transferUs = phases.transferMicros
        totalUs = phases.totalMicros
    }
}

extension KeyedDecodingContainer {
    /// A list that a document older than the key may lack: empty when absent or `null`.
    func decodeList<Element: Decodable>(_ type: [Element].Type, forKey key: Key) throws -> [Element] {
        try decodeIfPresent(type, forKey: key) ?? []
    }
}
