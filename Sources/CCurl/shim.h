#ifndef ETHOTOP_CCURL_SHIM_H
#define ETHOTOP_CCURL_SHIM_H
// Typed wrappers for libcurl's variadic calls, which Swift cannot import, plus the few
// macros and signal-handler constants that do not import as Swift values.
#include <curl/curl.h>
#include <errno.h>
#include <signal.h>
// The probe loop's own system interfaces, which Swift's Glibc module does not cover.
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

// --- curl_easy_setopt -------------------------------------------------------------------------
static inline CURLcode ethotop_easy_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ethotop_easy_setopt_ptr(CURL *h, CURLoption o, const void *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ethotop_easy_setopt_off(CURL *h, CURLoption o, curl_off_t v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ethotop_easy_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ethotop_easy_setopt_share(CURL *h, CURLSH *v) { return curl_easy_setopt(h, CURLOPT_SHARE, v); }
/// CURLOPT_WRITEFUNCTION and CURLOPT_HEADERFUNCTION share this signature.
static inline CURLcode ethotop_easy_setopt_write_callback(CURL *h, CURLoption o, curl_write_callback f) { return curl_easy_setopt(h, o, f); }

/// CURLOPT_OPENSOCKETFUNCTION: libcurl 7.88 opens sockets without SOCK_CLOEXEC, so a child process
/// spawned meanwhile would inherit them, keep connections open after libcurl closes them, and leave
/// stale registrations in the probe loop's epoll set. This opens them close-on-exec, atomically.
///
/// `clientp` is the handle's `ethotop_socket_state`. When `socket` fails, its errno goes there:
/// libcurl only reports CURLE_COULDNT_CONNECT, and EMFILE/ENFILE (no descriptor left) must not
/// read as "the server refused". A socket numbered at or above `descriptor_ceiling` is closed
/// and refused as EMFILE: the kernel hands out the lowest free number, so such a socket would
/// leave fewer descriptors free than the process keeps for itself (libdispatch aborts the process
/// when it cannot open /proc to watch its threads, NIO must accept, logs must open).
typedef struct {
    int socket_errno;
    int descriptor_ceiling;
} ethotop_socket_state;
static inline curl_socket_t ethotop_open_cloexec_socket(void *clientp, curlsocktype purpose,
                                                        struct curl_sockaddr *address) {
    (void)purpose;
    ethotop_socket_state *state = (ethotop_socket_state *)clientp;
    curl_socket_t fd = socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
    if (fd == CURL_SOCKET_BAD) {
        if (state != NULL) state->socket_errno = errno;
    } else if (state != NULL && state->descriptor_ceiling > 0 && fd >= state->descriptor_ceiling) {
        close(fd);
        state->socket_errno = EMFILE;
        fd = CURL_SOCKET_BAD;
    }
    return fd;
}
static inline CURLcode ethotop_easy_open_sockets_cloexec(CURL *h, ethotop_socket_state *state) {
    CURLcode rc = curl_easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, ethotop_open_cloexec_socket);
    return rc == CURLE_OK ? curl_easy_setopt(h, CURLOPT_OPENSOCKETDATA, (void *)state) : rc;
}

// --- curl_easy_getinfo ------------------------------------------------------------------------
static inline CURLcode ethotop_easy_getinfo_long(CURL *h, CURLINFO i, long *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode ethotop_easy_getinfo_off(CURL *h, CURLINFO i, curl_off_t *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode ethotop_easy_getinfo_string(CURL *h, CURLINFO i, char **v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode ethotop_easy_getinfo_ptr(CURL *h, CURLINFO i, void **v) { return curl_easy_getinfo(h, i, v); }

// --- curl_multi_setopt ------------------------------------------------------------------------
static inline CURLMcode ethotop_multi_setopt_long(CURLM *m, CURLMoption o, long v) { return curl_multi_setopt(m, o, v); }
static inline CURLMcode ethotop_multi_setopt_ptr(CURLM *m, CURLMoption o, const void *v) { return curl_multi_setopt(m, o, v); }
static inline CURLMcode ethotop_multi_setopt_socket_callback(CURLM *m, curl_socket_callback f) { return curl_multi_setopt(m, CURLMOPT_SOCKETFUNCTION, f); }
static inline CURLMcode ethotop_multi_setopt_timer_callback(CURLM *m, curl_multi_timer_callback f) { return curl_multi_setopt(m, CURLMOPT_TIMERFUNCTION, f); }

// --- curl_share_setopt ------------------------------------------------------------------------
static inline CURLSHcode ethotop_share_setopt_long(CURLSH *s, CURLSHoption o, long v) { return curl_share_setopt(s, o, v); }

// --- macros that Swift does not import as values ----------------------------------------------
/// The socket value that `curl_multi_socket_action` takes to mean "a timeout fired".
static inline curl_socket_t ethotop_socket_timeout(void) { return CURL_SOCKET_TIMEOUT; }
/// `CURL_GLOBAL_DEFAULT`.
static inline long ethotop_global_default(void) { return CURL_GLOBAL_DEFAULT; }
/// Whether this libcurl was built with HTTP/3 (`CURL_VERSION_HTTP3` in `curl_version_info`).
static inline int ethotop_curl_supports_http3(void) {
    const curl_version_info_data *info = curl_version_info(CURLVERSION_NOW);
    return info != NULL && (info->features & CURL_VERSION_HTTP3) != 0;
}
/// libcurl's version string, e.g. "7.88.1".
static inline const char *ethotop_curl_version(void) {
    const curl_version_info_data *info = curl_version_info(CURLVERSION_NOW);
    return info != NULL && info->version != NULL ? info->version : "?";
}
/// The `CURLMsg.data.result` field (an anonymous union member).
static inline CURLcode ethotop_msg_result(const CURLMsg *m) { return m->data.result; }

/// Ignores SIGPIPE process-wide: with CURLOPT_NOSIGNAL set, a write to a socket the peer has
/// closed (OpenSSL does not always pass MSG_NOSIGNAL) must not kill the process. A handler the
/// host program installed itself is left alone; only the default (terminate) is replaced.
static inline void ethotop_ignore_sigpipe(void) {
    struct sigaction old;
    if (sigaction(SIGPIPE, NULL, &old) != 0 || old.sa_handler != SIG_DFL) return;
    struct sigaction sa;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;
    sa.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &sa, NULL);
}

/// Names the calling thread (visible in `top -H`, `ps -L`); `prctl` is variadic.
static inline void ethotop_name_current_thread(const char *name) {
    prctl(PR_SET_NAME, (unsigned long)name, 0UL, 0UL, 0UL);
}

#endif
