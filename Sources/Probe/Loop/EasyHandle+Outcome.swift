import CCurl
import Glibc

extension EasyHandle {
    /// Reads libcurl's info for the finished transfer and turns it into the caller's outcome.
    func outcome(for code: CURLcode, request: ProbeRequest, queuedNanos: Int64) -> Submission.Outcome {
        let marks = self.marks
        let timings = PhaseTimings(marks: marks, queuedMicros: queuedNanos / 1000)
        guard code == CURLE_OK else {
            let kind = ProbeError.Kind.classify(
                code, marks: marks, request: request, bodyTooLarge: bodyTooLarge,
                socketErrno: socketErrno)
            var message = errorMessage
            if message.isEmpty { message = String(cString: curl_easy_strerror(code)) }
            if kind == .descriptorsExhausted {
                message =
                    "no file descriptor for a socket: \(String(cString: strerror(socketErrno))) (\(message))"
            }
            if kind == .bodyTooLarge {
                message = "body exceeds \(request.maxBodyBytes) bytes (\(message))"
            } else if kind == .headerTooLarge {
                message = "response header too large (libcurl allows 100 KiB per header): \(message)"
            }
            return .failure(
                ProbeError(kind, message: message, curlCode: Int32(code.rawValue), timings: timings))
        }
        let retryAfter = retryAfterValue.flatMap { bytes in
            RetryAfter.parse(String(decoding: bytes, as: UTF8.self), now: Int64(time(nil)))
        }
        let reused = longInfo(CURLINFO_NUM_CONNECTS) == 0
        return .success(
            ProbeResult(
                status: longInfo(CURLINFO_RESPONSE_CODE),
                reasonPhrase: String(decoding: reasonPhrase, as: UTF8.self),
                httpVersion: httpVersion,
                bytes: bodyBytes,
                bodyPrefix: bodyPrefix,
                retryAfter: retryAfter,
                timings: timings,
                connectionReused: reused,
                redirectCount: longInfo(CURLINFO_REDIRECT_COUNT),
                redirectURL: stringInfo(CURLINFO_REDIRECT_URL),
                certificate: request.transport.readsCertificate && !reused ? leafCertificate : nil
            ))
    }

    /// The leaf certificate of the connection this transfer opened, from `CURLINFO_CERTINFO`.
    private var leafCertificate: PeerCertificate? {
        var pointer: UnsafeMutableRawPointer?
        guard ethotop_easy_getinfo_ptr(curl, CURLINFO_CERTINFO, &pointer) == CURLE_OK, let pointer else {
            return nil
        }
        let info = pointer.assumingMemoryBound(to: curl_certinfo.self).pointee
        guard info.num_of_certs > 0, let chain = info.certinfo, var node = chain[0] else { return nil }
        var lines: [String] = []
        while true {
            if let data = node.pointee.data { lines.append(String(cString: data)) }
            guard let next = node.pointee.next else { break }
            node = next
        }
        return PeerCertificate.parse(lines)
    }

    /// A failure outcome for a transfer that ended without libcurl finishing it (cancelled, shut
    /// down). libcurl never wrote its total, so the total is the time since admission.
    func abandonedOutcome(_ kind: ProbeError.Kind, message: String, queuedNanos: Int64, now: Int64)
        -> Submission.Outcome
    {
        var marks = self.marks
        marks.total = max(marks.total, (now - admittedAt) / 1000)
        let timings = PhaseTimings(marks: marks, queuedMicros: queuedNanos / 1000)
        return .failure(ProbeError(kind, message: message, timings: timings))
    }

    /// libcurl's cumulative timing marks for the current transfer.
    private var marks: PhaseTimings.Marks {
        PhaseTimings.Marks(
            nameLookup: offInfo(CURLINFO_NAMELOOKUP_TIME_T),
            connect: offInfo(CURLINFO_CONNECT_TIME_T),
            appConnect: offInfo(CURLINFO_APPCONNECT_TIME_T),
            preTransfer: offInfo(CURLINFO_PRETRANSFER_TIME_T),
            startTransfer: offInfo(CURLINFO_STARTTRANSFER_TIME_T),
            total: offInfo(CURLINFO_TOTAL_TIME_T))
    }

    private var httpVersion: HTTPVersion {
        switch longInfo(CURLINFO_HTTP_VERSION) {
        case CURL_HTTP_VERSION_1_0: .http1_0
        case CURL_HTTP_VERSION_1_1: .http1_1
        case CURL_HTTP_VERSION_2_0: .http2
        case CURL_HTTP_VERSION_3: .http3
        default: .unknown
        }
    }

    private func offInfo(_ info: CURLINFO) -> Int64 {
        var value: curl_off_t = 0
        return ethotop_easy_getinfo_off(curl, info, &value) == CURLE_OK ? Int64(value) : 0
    }

    private func stringInfo(_ info: CURLINFO) -> String? {
        var value: UnsafeMutablePointer<CChar>?
        guard ethotop_easy_getinfo_string(curl, info, &value) == CURLE_OK, let value else { return nil }
        return String(cString: value)
    }

    private func longInfo(_ info: CURLINFO) -> Int {
        var value = 0
        return ethotop_easy_getinfo_long(curl, info, &value) == CURLE_OK ? value : 0
    }
}
