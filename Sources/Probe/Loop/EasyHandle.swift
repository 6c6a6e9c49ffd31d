import CCurl
import Glibc

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
    /// `CURLOPT_OPENSOCKETDATA`: the errno of a failed `socket(2)` in the current transfer (else
    /// 0), and the descriptor number from which sockets are refused (see ``descriptorsKeptFree``).
    let socketState: UnsafeMutablePointer<ethotop_socket_state>

    /// Descriptors the prober never takes: the rest of the process needs some to go on working
    /// (libdispatch aborts when it cannot open `/proc` to watch its threads), and a listener must
    /// be able to accept. A socket that would leave fewer free fails as `descriptorsExhausted`.
    static let descriptorsKeptFree = 32

    /// The errno of a failed `socket(2)` in the current transfer, or 0.
    var socketErrno: Int32 { socketState.pointee.socket_errno }
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
        socketState = .allocate(capacity: 1)
        socketState.initialize(
            to: ethotop_socket_state(socket_errno: 0, descriptor_ceiling: Self.descriptorCeiling()))
        bodyPrefix.reserveCapacity(ProbeResult.bodyPrefixLimit)
    }

    deinit {
        curl_easy_cleanup(curl)
        if let headerList { curl_slist_free_all(headerList) }
        if let resolveList { curl_slist_free_all(resolveList) }
        errorBuffer.deallocate()
        socketState.deallocate()
    }

    /// The soft `RLIMIT_NOFILE` less ``descriptorsKeptFree``, read when the handle is made (after
    /// start-up raised the limit); 0, no ceiling, when the limit is unreadable or unlimited.
    private static func descriptorCeiling() -> Int32 {
        var limits = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limits) == 0,
            limits.rlim_cur < rlim_t(Int32.max)
        else { return 0 }
        return Int32(max(1, Int(limits.rlim_cur) - descriptorsKeptFree))
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
        socketState.pointee.socket_errno = 0
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
