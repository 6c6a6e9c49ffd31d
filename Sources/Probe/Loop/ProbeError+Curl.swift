import CCurl
import Glibc

extension ProbeError.Kind {
    /// Maps a failed transfer to a kind, from the `CURLcode` and where the transfer got to, never
    /// from message text.
    ///
    /// - `bodyTooLarge` wins over the write error it causes.
    /// - A `socket(2)` that failed with `EMFILE` or `ENFILE` (`socketErrno`, recorded by the open
    ///   socket callback) is `descriptorsExhausted`, whatever libcurl made of it: the process, not
    ///   the server, ran out.
    /// - A timeout's phase is the first libcurl mark not reached; before the connection was up and
    ///   with a connect timeout shorter than the total, it was the connect timeout that fired.
    /// - A peer that closes or resets before a complete response (`RECV_ERROR`, `SEND_ERROR`,
    ///   `GOT_NOTHING`, `PARTIAL_FILE`) is `connectionReset`: the server went away mid-exchange.
    static func classify(
        _ code: CURLcode, marks: PhaseTimings.Marks, request: ProbeRequest, bodyTooLarge: Bool,
        socketErrno: Int32 = 0
    ) -> Self {
        if bodyTooLarge { return .bodyTooLarge }
        if socketErrno == EMFILE || socketErrno == ENFILE { return .descriptorsExhausted }
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY: return .dns
        case CURLE_COULDNT_CONNECT: return .connectRefused
        case CURLE_OPERATION_TIMEDOUT:
            let phase = timeoutPhase(marks, isTLS: request.url.utf8.starts(with: "https:".utf8))
            let connecting = phase == .dns || phase == .connect || phase == .tls
            return connecting && request.connectTimeout < request.timeout ? .connectTimeout : .timeout(phase)
        case CURLE_PEER_FAILED_VERIFICATION: return .tls(.verification)
        case CURLE_SSL_CONNECT_ERROR: return .tls(.handshake)
        case CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_SHUTDOWN_FAILED,
            CURLE_SSL_CRL_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
            CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CLIENTCERT, CURLE_SSL_ENGINE_NOTFOUND,
            CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED, CURLE_USE_SSL_FAILED:
            return .tls(.configuration)
        case CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE:
            return .connectionReset
        case CURLE_FILESIZE_EXCEEDED: return .bodyTooLarge
        case CURLE_OUT_OF_MEMORY where marks.preTransfer > 0:
            // libcurl 7.88 reports a response header over its 100 KiB limit ("Avoided giant
            // realloc for header") as out of memory; once the request is out, that is what it means.
            return .headerTooLarge
        case CURLE_WEIRD_SERVER_REPLY, CURLE_HTTP2, CURLE_HTTP2_STREAM, CURLE_HTTP3,
            CURLE_BAD_CONTENT_ENCODING:
            return .protocol
        case CURLE_UNSUPPORTED_PROTOCOL where marks.preTransfer > 0:
            // After the request went out this means "the reply was not HTTP" (e.g. HTTP/0.9).
            return .protocol
        default:
            // CURLE_TOO_LARGE (100) exists from libcurl 8.6 on; compared by value to build on 7.88.
            if code.rawValue == 100 { return .headerTooLarge }
            return .other(curlCode: Int32(code.rawValue))
        }
    }

    /// The first phase whose end mark libcurl never recorded.
    static func timeoutPhase(_ marks: PhaseTimings.Marks, isTLS: Bool) -> ProbePhase {
        if marks.startTransfer > 0 { return .transfer }
        if marks.preTransfer > 0 { return .serverWait }
        if marks.connect > 0 { return isTLS && marks.appConnect == 0 ? .tls : .serverWait }
        if marks.nameLookup > 0 { return .connect }
        return .dns
    }
}
