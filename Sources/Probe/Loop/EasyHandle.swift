import CCurl

/// One libcurl easy handle plus the response state of the transfer it is running.
///
/// Owned by the loop thread only (hence not `Sendable`); reused across transfers from a free list.
/// libcurl's callbacks reach it through an unretained pointer: the loop keeps it alive while it is
/// attached to the multi handle.
final class EasyHandle {
    /// The `CURL *`.
    let curl: UnsafeMutableRawPointer
    /// `CURLOPT_ERRORBUFFER`: libcurl writes its human message for a failure here.
    let errorBuffer: UnsafeMutablePointer<CChar>
    /// Extra request headers for the current transfer, freed when the next one is configured.
    var headerList: UnsafeMutablePointer<curl_slist>?
    /// `CURLOPT_RESOLVE` pins for the current transfer, freed when the next one is configured.
    var resolveList: UnsafeMutablePointer<curl_slist>?
    /// The request the handle's options were last set for; an identical request skips re-configuring.
    private var configuredFor: ProbeRequest?

    /// The transfer in flight on this handle.
    var submission: Submission?
    /// The transfer's admission key (see ``AdmissionQueue``).
    var origin: Substring = ""
    /// When the transfer was handed to libcurl (monotonic nanoseconds).
    var admittedAt: Int64 = 0

    // Response state, reset per transfer and filled by the callbacks.
    var maxBodyBytes = 0
    var bodyBytes = 0
    var bodyPrefix: [UInt8] = []
    var bodyTooLarge = false
    var reasonPhrase: [UInt8] = []
    var retryAfterValue: [UInt8]?

    /// Creates a handle, or `nil` when libcurl cannot allocate one.
    init?() {
        guard let curl = curl_easy_init() else { return nil }
        self.curl = curl
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        bodyPrefix.reserveCapacity(ProbeResult.bodyPrefixLimit)
    }

    deinit {
        curl_easy_cleanup(curl)
        if let headerList { curl_slist_free_all(headerList) }
        if let resolveList { curl_slist_free_all(resolveList) }
        errorBuffer.deallocate()
    }

    /// libcurl's message for the last failure, or `""`.
    var errorMessage: String {
        errorBuffer[0] == 0 ? "" : String(cString: errorBuffer)
    }

    /// Sets every option for `request` (skipped when the handle last ran an identical request) and
    /// clears the response state. Returns the first failing `CURLcode`, or `CURLE_OK`.
    func prepare(for request: ProbeRequest, share: UnsafeMutableRawPointer?, keepaliveExpirySeconds: Int)
        -> CURLcode
    {
        errorBuffer[0] = 0
        maxBodyBytes = request.maxBodyBytes
        bodyBytes = 0
        bodyPrefix.removeAll(keepingCapacity: true)
        bodyTooLarge = false
        reasonPhrase.removeAll(keepingCapacity: true)
        retryAfterValue = nil
        if let configured = configuredFor, request.differsAtMostInURL(from: configured) {
            // Reused for another endpoint with the same options (the common case: endpoints share
            // their defaults): only the URL changes. A reset and full set-up cost about six more
            // allocations per request (libcurl's copies of string options) and two dozen setopts.
            if configured.url == request.url { return CURLE_OK }
            if ethotop_easy_setopt_ptr(curl, CURLOPT_URL, request.kind.curlURL(request.url)) == CURLE_OK {
                configuredFor = request
                return CURLE_OK
            }
        }
        configuredFor = nil
        curl_easy_reset(curl)
        if let headerList {
            curl_slist_free_all(headerList)
            self.headerList = nil
        }
        if let resolveList {
            curl_slist_free_all(resolveList)
            self.resolveList = nil
        }
        let code = configure(request, share: share, keepaliveExpirySeconds: keepaliveExpirySeconds)
        if code == CURLE_OK { configuredFor = request }
        return code
    }

    /// Drops the finished transfer so that the handle can go back on the free list.
    func detach() {
        submission = nil
        origin = ""
    }
}
