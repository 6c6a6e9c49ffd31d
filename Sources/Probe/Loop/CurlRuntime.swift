import CCurl

/// Process-wide libcurl set-up, done once: `curl_global_init` is not thread-safe and must run before
/// any other libcurl call, and SIGPIPE must not kill the process (see `ethotop_ignore_sigpipe`).
enum CurlRuntime {
    /// `CURLE_OK` once initialised; the first failure otherwise. Swift runs a global's initialiser
    /// exactly once, thread-safely.
    static let initialised: CURLcode = {
        ethotop_ignore_sigpipe()
        return curl_global_init(ethotop_global_default())
    }()
}
