/// How long each phase of a transfer took, in microseconds.
///
/// Derived from libcurl's cumulative `CURLINFO_*_TIME_T` marks (each measured from the start of the
/// transfer), so the phases are disjoint and `dns + connect + tls + serverWait + transfer ≤ total`;
/// the remainder is libcurl's own work between marks (sending the request, redirects). A phase that
/// did not happen, e.g. `connect` on a reused connection, is 0. ``queued`` is the time spent in the
/// prober's admission queue, which is *not* part of ``total``.
public struct PhaseTimings: Sendable, Equatable {
    /// Name resolution.
    public var dnsMicros: Int64
    /// TCP connect, after name resolution.
    public var connectMicros: Int64
    /// TLS handshake, after TCP connect (0 for cleartext).
    public var tlsMicros: Int64
    /// Time to first response byte after the request was ready to send (`starttransfer − pretransfer`):
    /// the server's think time plus one round trip, and the upload of any body.
    public var serverWaitMicros: Int64
    /// Reading the response after its first byte (`total − starttransfer`).
    public var transferMicros: Int64
    /// The whole transfer as libcurl timed it, from admission to the last byte.
    public var totalMicros: Int64
    /// Time waiting in the prober's own admission queue before libcurl saw the request.
    public var queuedMicros: Int64

    /// Creates timings (all zero by default).
    public init(
        dnsMicros: Int64 = 0, connectMicros: Int64 = 0, tlsMicros: Int64 = 0, serverWaitMicros: Int64 = 0,
        transferMicros: Int64 = 0, totalMicros: Int64 = 0, queuedMicros: Int64 = 0
    ) {
        self.dnsMicros = dnsMicros
        self.connectMicros = connectMicros
        self.tlsMicros = tlsMicros
        self.serverWaitMicros = serverWaitMicros
        self.transferMicros = transferMicros
        self.totalMicros = totalMicros
        self.queuedMicros = queuedMicros
    }

    /// The cumulative marks libcurl reports, in microseconds from the start of the transfer.
    struct Marks {
        var nameLookup: Int64 = 0
        var connect: Int64 = 0
        var appConnect: Int64 = 0
        var preTransfer: Int64 = 0
        var startTransfer: Int64 = 0
        var total: Int64 = 0
    }

    /// Turns cumulative marks into disjoint phases; a mark libcurl never reached (0) yields a 0 phase.
    init(marks m: Marks, queuedMicros: Int64) {
        func span(_ from: Int64, _ to: Int64) -> Int64 { to > 0 ? max(0, to - from) : 0 }
        dnsMicros = max(0, m.nameLookup)
        connectMicros = m.connect > 0 ? span(m.nameLookup, m.connect) : 0
        tlsMicros = m.appConnect > 0 ? span(m.connect, m.appConnect) : 0
        serverWaitMicros = m.startTransfer > 0 ? span(m.preTransfer, m.startTransfer) : 0
        transferMicros = m.startTransfer > 0 ? span(m.startTransfer, m.total) : 0
        totalMicros = max(0, m.total)
        self.queuedMicros = max(0, queuedMicros)
    }

    /// The total as a `Duration`.
    public var total: Duration { .microseconds(totalMicros) }
}
