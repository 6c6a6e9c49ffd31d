import CCurl

extension EasyHandle {
    /// Applies `request` to a freshly reset handle.
    func configure(_ request: ProbeRequest, share: UnsafeMutableRawPointer?, keepaliveExpirySeconds: Int)
        -> CURLcode
    {
        var result = CURLE_OK
        func set(_ code: CURLcode) { if result == CURLE_OK { result = code } }
        func long(_ option: CURLoption, _ value: Int) { set(ethotop_easy_setopt_long(curl, option, value)) }

        let me = Unmanaged.passUnretained(self).toOpaque()
        // Plumbing: never signals (we run on our own thread), callbacks find this object.
        long(CURLOPT_NOSIGNAL, 1)
        set(ethotop_easy_open_sockets_cloexec(curl, socketState))
        set(ethotop_easy_setopt_ptr(curl, CURLOPT_ERRORBUFFER, errorBuffer))
        set(ethotop_easy_setopt_ptr(curl, CURLOPT_PRIVATE, me))
        set(ethotop_easy_setopt_write_callback(curl, CURLOPT_WRITEFUNCTION, easyWriteCallback))
        set(ethotop_easy_setopt_ptr(curl, CURLOPT_WRITEDATA, me))
        set(ethotop_easy_setopt_write_callback(curl, CURLOPT_HEADERFUNCTION, easyHeaderCallback))
        set(ethotop_easy_setopt_ptr(curl, CURLOPT_HEADERDATA, me))
        if let share { set(ethotop_easy_setopt_share(curl, share)) }
        long(CURLOPT_MAXAGE_CONN, keepaliveExpirySeconds)

        // Only HTTP(S), also after a redirect: a probe URL must not become file:// or gopher://.
        set(ethotop_easy_setopt_ptr(curl, CURLOPT_PROTOCOLS_STR, "http,https"))
        set(ethotop_easy_setopt_ptr(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https"))

        set(ethotop_easy_setopt_ptr(curl, CURLOPT_URL, request.kind.curlURL(request.url)))
        if request.kind != .http {
            // Connect (and handshake), then stop: nothing is sent. The connection is not kept for
            // reuse, since a connect-only check is about opening one.
            long(CURLOPT_CONNECT_ONLY, 1)
            long(CURLOPT_FORBID_REUSE, 1)
        }
        set(ethotop_easy_setopt_ptr(curl, CURLOPT_USERAGENT, request.userAgent))
        long(CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(request.connectTimeout))
        long(CURLOPT_TIMEOUT_MS, Self.milliseconds(request.timeout))
        // Stops bodies of announced length at once; unknown lengths are cut in the write callback.
        set(ethotop_easy_setopt_off(curl, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(request.maxBodyBytes)))
        // The Prober follows redirects itself, hop by hop (see Prober+Redirects.swift), so that a
        // header holding a secret never reaches another origin; libcurl only reports the target.
        long(CURLOPT_FOLLOWLOCATION, 0)
        long(CURLOPT_SSL_VERIFYPEER, request.tlsVerify ? 1 : 0)
        long(CURLOPT_SSL_VERIFYHOST, request.tlsVerify ? 2 : 0)
        // libcurl copies the string; a reset handle is back on the system bundle.
        if let caFile = request.caFile { set(ethotop_easy_setopt_ptr(curl, CURLOPT_CAINFO, caFile)) }
        switch request.httpVersion {
        case .http2WhereOffered: long(CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2TLS)
        case .http1_1: long(CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1)
        case .http2: long(CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE)
        case .http3: long(CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_3)
        }
        configureTransport(request, set: set)

        configureMethod(request, set: set)

        if !request.headers.isEmpty {
            var list: UnsafeMutablePointer<curl_slist>?
            for header in request.headers {
                // "Name:" with an empty value would make libcurl *remove* the header; "Name;" sends it empty.
                let line = header.value.isEmpty ? "\(header.name);" : "\(header.name): \(header.value)"
                guard let appended = curl_slist_append(list, line) else {
                    set(CURLE_OUT_OF_MEMORY)
                    break
                }
                list = appended
            }
            headerList = list
            set(ethotop_easy_setopt_slist(curl, CURLOPT_HTTPHEADER, list))
        }
        return result
    }

    /// Client certificate, proxy, address pins and IP family (``ProbeTransport``). libcurl copies
    /// every string; the pin list must outlive the transfer, so the handle keeps it.
    private func configureTransport(_ request: ProbeRequest, set: (CURLcode) -> Void) {
        let transport = request.transport
        if let certificate = transport.clientCertificate {
            set(ethotop_easy_setopt_ptr(curl, CURLOPT_SSLCERT, certificate))
        }
        if let key = transport.clientKey { set(ethotop_easy_setopt_ptr(curl, CURLOPT_SSLKEY, key)) }
        if let password = transport.keyPassword {
            set(ethotop_easy_setopt_ptr(curl, CURLOPT_KEYPASSWD, password))
        }
        switch request.kind == .http ? transport.proxy : .none {
        case .environment: break
        case .none: set(ethotop_easy_setopt_ptr(curl, CURLOPT_PROXY, ""))
        case .url(let proxy):
            set(ethotop_easy_setopt_ptr(curl, CURLOPT_PROXY, proxy))
            // An https:// proxy from a private CA is trusted through the same CA file.
            if let caFile = request.caFile {
                set(ethotop_easy_setopt_ptr(curl, CURLOPT_PROXY_CAINFO, caFile))
            }
            if !request.tlsVerify {
                set(ethotop_easy_setopt_long(curl, CURLOPT_PROXY_SSL_VERIFYPEER, 0))
                set(ethotop_easy_setopt_long(curl, CURLOPT_PROXY_SSL_VERIFYHOST, 0))
            }
        }
        if transport.readsCertificate { set(ethotop_easy_setopt_long(curl, CURLOPT_CERTINFO, 1)) }
        if let noProxy = transport.noProxy { set(ethotop_easy_setopt_ptr(curl, CURLOPT_NOPROXY, noProxy)) }
        if !transport.resolve.isEmpty {
            var list: UnsafeMutablePointer<curl_slist>?
            for pin in transport.resolve {
                guard let appended = curl_slist_append(list, pin) else {
                    set(CURLE_OUT_OF_MEMORY)
                    break
                }
                list = appended
            }
            resolveList = list
            set(ethotop_easy_setopt_slist(curl, CURLOPT_RESOLVE, list))
        }
        switch transport.ipVersion {
        case .any: break
        case .v4: set(ethotop_easy_setopt_long(curl, CURLOPT_IPRESOLVE, Int(CURL_IPRESOLVE_V4)))
        case .v6: set(ethotop_easy_setopt_long(curl, CURLOPT_IPRESOLVE, Int(CURL_IPRESOLVE_V6)))
        }
    }

    /// Method and body: GET and HEAD by their own options, anything else as a custom request.
    private func configureMethod(_ request: ProbeRequest, set: (CURLcode) -> Void) {
        let method = request.method.uppercased()
        switch method {
        case "GET": set(ethotop_easy_setopt_long(curl, CURLOPT_HTTPGET, 1))
        case "HEAD": set(ethotop_easy_setopt_long(curl, CURLOPT_NOBODY, 1))
        default:
            if method == "POST" || request.body != nil {
                let body = request.body ?? []
                set(ethotop_easy_setopt_off(curl, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)))
                // COPYPOSTFIELDS copies now, so the array need not outlive this call.
                if body.isEmpty {
                    set(ethotop_easy_setopt_ptr(curl, CURLOPT_COPYPOSTFIELDS, ""))
                } else {
                    body.withUnsafeBytes { bytes in
                        set(ethotop_easy_setopt_ptr(curl, CURLOPT_COPYPOSTFIELDS, bytes.baseAddress))
                    }
                }
            }
            if method != "POST" {
                set(ethotop_easy_setopt_ptr(curl, CURLOPT_CUSTOMREQUEST, request.method))
            }
        }
    }

    /// A duration as libcurl's milliseconds, at least 1 (libcurl reads 0 as "no limit").
    static func milliseconds(_ duration: Duration) -> Int {
        let ms = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        return Int(max(1, min(ms, Int64(Int32.max))))
    }
}
