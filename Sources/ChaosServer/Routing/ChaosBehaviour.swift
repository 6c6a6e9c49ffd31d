import NIOCore

/// What the handler should do with one request: the router decides, the handler performs.
enum ChaosBehaviour {
    /// Answer with `response` after `delay` (zero for at once).
    case respond(ChaosResponse, after: TimeAmount = .zero)
    /// Read the request and never answer; the connection stays open until the client or `stop()` closes it.
    case hang
    /// Send `response`'s head and the first `partialBody` bytes of its body, then reset the connection.
    case resetMidBody(ChaosResponse, partialBody: Int, after: TimeAmount)
    /// Reset the connection (RST, via `SO_LINGER` 0) without sending a byte.
    case resetBeforeResponse
    /// Close the connection (FIN) without sending a byte.
    case close
    /// Send `bytes` that are not HTTP, then close.
    case garbage([UInt8])
    /// Stream `bytes` body bytes after `head`, back-pressured, optionally chunk-encoded.
    case stream(ChaosResponse, bytes: Int, chunked: Bool)
    /// Send `head`, then `chunk` bytes every `interval` until `bytes` have been sent.
    case drip(ChaosResponse, bytes: Int, chunk: Int, interval: TimeAmount, chunked: Bool)
}
