/*
 * The baseline for bench/probe.bench.sh: a hand-written C libcurl multi loop at fixed concurrency.
 *
 *   curl_multi_loop URL [concurrency=32] [requests=200000] [warmup=10000] [poll|epoll] [lean|probe]
 *
 * `concurrency` easy handles are set up once and re-added to the multi handle as each transfer
 * finishes.
 *   poll   (default) curl_multi_perform + curl_multi_poll: the canonical loop of libcurl's examples.
 *   epoll  curl_multi_socket_action with a socket callback feeding epoll and a timer callback:
 *          the prober's design (the one libcurl documents for thousands of transfers).
 *   lean   (default) a discarding write callback and NOSIGNAL: as little work as libcurl allows.
 *   probe  the same libcurl work per request as ethotop's prober: its options (user agent,
 *          timeouts, body cap, protocols), a header callback reading the status line and
 *          Retry-After, a write callback counting bytes and keeping a 4 KiB prefix, and the same
 *          getinfo reads (status, version, connects, redirects, six timing marks).
 * With HANG=N in the environment, N more transfers are started first against a local "blackhole"
 * (a listener whose accept queue is full, so their connects hang), as during an outage; they stay
 * pending for the whole run while the measured transfers go on.
 * Prints the same key=value line as ProbeBench (CPU over the measured phase, warm-up excluded).
 */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static int probe_work = 0;
static char hang_marker[] = "hang";

/* Per-handle response state, as the prober keeps it. */
struct xfer {
    long bytes;
    size_t prefix_len;
    char prefix[4096];
    char reason[256];
    int has_retry_after;
    long long sink; /* keeps the getinfo reads from being optimised away */
};

static size_t on_body(char *ptr, size_t size, size_t nmemb, void *userdata) {
    size_t n = size * nmemb;
    if (!probe_work) return n;
    struct xfer *x = userdata;
    if (x->bytes + (long)n > (1L << 20)) return 0;
    x->bytes += (long)n;
    size_t room = sizeof x->prefix - x->prefix_len;
    size_t take = n < room ? n : room;
    memcpy(x->prefix + x->prefix_len, ptr, take);
    x->prefix_len += take;
    return n;
}

static size_t on_header(char *ptr, size_t size, size_t nmemb, void *userdata) {
    size_t n = size * nmemb;
    struct xfer *x = userdata;
    if (n >= 5 && memcmp(ptr, "HTTP/", 5) == 0) {
        size_t i = 0, spaces = 0;
        while (i < n && spaces < 2) spaces += ptr[i++] == ' ';
        size_t end = n;
        while (end > i && (ptr[end - 1] == '\r' || ptr[end - 1] == '\n')) end--;
        size_t len = end > i ? end - i : 0;
        if (len >= sizeof x->reason) len = sizeof x->reason - 1;
        memcpy(x->reason, ptr + i, len);
        x->reason[len] = 0;
        x->has_retry_after = 0;
    } else if (n >= 12 && strncasecmp(ptr, "retry-after:", 12) == 0) {
        x->has_retry_after = 1;
    }
    return n;
}

/* Reads what the prober reads when a transfer ends; returns the status code. */
static long finish(CURL *easy) {
    long status = 0;
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
    if (!probe_work) return status;
    struct xfer *x = NULL;
    curl_easy_getinfo(easy, CURLINFO_PRIVATE, (char **)&x);
    long version = 0, connects = 0, redirects = 0;
    curl_off_t t[6] = {0};
    curl_easy_getinfo(easy, CURLINFO_HTTP_VERSION, &version);
    curl_easy_getinfo(easy, CURLINFO_NUM_CONNECTS, &connects);
    curl_easy_getinfo(easy, CURLINFO_REDIRECT_COUNT, &redirects);
    curl_easy_getinfo(easy, CURLINFO_NAMELOOKUP_TIME_T, &t[0]);
    curl_easy_getinfo(easy, CURLINFO_CONNECT_TIME_T, &t[1]);
    curl_easy_getinfo(easy, CURLINFO_APPCONNECT_TIME_T, &t[2]);
    curl_easy_getinfo(easy, CURLINFO_PRETRANSFER_TIME_T, &t[3]);
    curl_easy_getinfo(easy, CURLINFO_STARTTRANSFER_TIME_T, &t[4]);
    curl_easy_getinfo(easy, CURLINFO_TOTAL_TIME_T, &t[5]);
    x->sink += version + connects + redirects + t[0] + t[1] + t[2] + t[3] + t[4] + t[5] + x->has_retry_after;
    x->bytes = 0;
    x->prefix_len = 0;
    return status;
}

static long long cpu_micros(void) {
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return (long long)(u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1000000LL + u.ru_utime.tv_usec + u.ru_stime.tv_usec;
}

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A listener on 127.0.0.1 that never accepts, with its one-slot accept queue filled: further
 * connects hang in SYN_SENT. Returns its port (0 on failure). */
static int blackhole_port(void) {
    int listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (bind(listener, (struct sockaddr *)&a, len) != 0 || listen(listener, 0) != 0) return 0;
    getsockname(listener, (struct sockaddr *)&a, &len);
    for (int i = 0; i < 2; i++) {
        int filler = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        connect(filler, (struct sockaddr *)&a, len);
    }
    return ntohs(a.sin_port);
}

/* Handles finished transfers: counts errors, re-adds the handle while requests remain. */
static void reap(CURLM *multi, long *started, long *finished, long *errors, long total) {
    CURLMsg *msg;
    int left;
    while ((msg = curl_multi_info_read(multi, &left))) {
        if (msg->msg != CURLMSG_DONE) continue;
        CURL *easy = msg->easy_handle;
        CURLcode result = msg->data.result;
        char *marker = NULL;
        curl_easy_getinfo(easy, CURLINFO_PRIVATE, &marker);
        if (marker == hang_marker) { /* a hanging transfer gave up */
            curl_multi_remove_handle(multi, easy);
            continue;
        }
        long status = finish(easy);
        if (result != CURLE_OK || status != 200) (*errors)++;
        curl_multi_remove_handle(multi, easy);
        (*finished)++;
        if (*started < total) {
            curl_multi_add_handle(multi, easy);
            (*started)++;
        }
    }
}

/* --- poll: curl_multi_perform + curl_multi_poll ------------------------------------------------ */
static long run_poll(CURLM *multi, CURL **handles, int concurrency, long total) {
    long started = 0, finished = 0, errors = 0;
    for (int i = 0; i < concurrency && started < total; i++, started++) curl_multi_add_handle(multi, handles[i]);
    while (finished < total) {
        int running = 0;
        curl_multi_perform(multi, &running);
        reap(multi, &started, &finished, &errors, total);
        if (finished < total) curl_multi_poll(multi, NULL, 0, 1000, NULL);
    }
    return errors;
}

/* --- epoll: curl_multi_socket_action with socket and timer callbacks --------------------------- */
static int epfd = -1;
static double timer_deadline = -1; /* seconds on CLOCK_MONOTONIC; -1: no timer */

static int on_socket(CURL *easy, curl_socket_t s, int what, void *userp, void *socketp) {
    (void)easy;
    (void)userp;
    struct epoll_event ev;
    memset(&ev, 0, sizeof ev);
    ev.data.fd = s;
    if (what == CURL_POLL_REMOVE) {
        epoll_ctl(epfd, EPOLL_CTL_DEL, s, NULL);
        return 0;
    }
    ev.events = (what & CURL_POLL_IN ? EPOLLIN : 0) | (what & CURL_POLL_OUT ? EPOLLOUT : 0);
    if (epoll_ctl(epfd, socketp ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, s, &ev) != 0)
        epoll_ctl(epfd, socketp ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, s, &ev);
    return 0;
}

static int on_timer(CURLM *multi, long ms, void *userp) {
    (void)multi;
    (void)userp;
    timer_deadline = ms < 0 ? -1 : now_seconds() + (double)ms / 1000.0;
    return 0;
}

static long run_epoll(CURLM *multi, CURL **handles, int concurrency, long total) {
    long started = 0, finished = 0, errors = 0;
    int running = 0;
    for (int i = 0; i < concurrency && started < total; i++, started++) curl_multi_add_handle(multi, handles[i]);
    struct epoll_event events[64];
    while (finished < total) {
        int wait_ms = -1;
        if (timer_deadline >= 0) {
            double left = timer_deadline - now_seconds();
            wait_ms = left <= 0 ? 0 : (int)(left * 1000.0 + 0.999);
        }
        int n = epoll_wait(epfd, events, 64, wait_ms);
        for (int i = 0; i < n; i++) {
            int mask = (events[i].events & EPOLLIN ? CURL_CSELECT_IN : 0) |
                       (events[i].events & EPOLLOUT ? CURL_CSELECT_OUT : 0) |
                       (events[i].events & (EPOLLERR | EPOLLHUP) ? CURL_CSELECT_ERR : 0);
            curl_multi_socket_action(multi, events[i].data.fd, mask, &running);
        }
        if (timer_deadline >= 0 && timer_deadline <= now_seconds()) {
            timer_deadline = -1;
            curl_multi_socket_action(multi, CURL_SOCKET_TIMEOUT, 0, &running);
        }
        reap(multi, &started, &finished, &errors, total);
    }
    return errors;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s URL [concurrency] [requests] [warmup] [poll|epoll] [lean|probe]\n", argv[0]);
        return 2;
    }
    const char *url = argv[1];
    int concurrency = argc > 2 ? atoi(argv[2]) : 32;
    long requests = argc > 3 ? atol(argv[3]) : 200000;
    long warmup = argc > 4 ? atol(argv[4]) : 10000;
    int use_epoll = argc > 5 && strcmp(argv[5], "epoll") == 0;
    probe_work = argc > 6 && strcmp(argv[6], "probe") == 0;

    curl_global_init(CURL_GLOBAL_DEFAULT);
    CURLM *multi = curl_multi_init();
    curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, (long)concurrency);
    if (use_epoll) {
        epfd = epoll_create1(EPOLL_CLOEXEC);
        curl_multi_setopt(multi, CURLMOPT_SOCKETFUNCTION, on_socket);
        curl_multi_setopt(multi, CURLMOPT_TIMERFUNCTION, on_timer);
    }
    CURL **handles = calloc((size_t)concurrency, sizeof(CURL *));
    struct xfer *state = calloc((size_t)concurrency, sizeof(struct xfer));
    for (int i = 0; i < concurrency; i++) {
        CURL *h = curl_easy_init();
        handles[i] = h;
        curl_easy_setopt(h, CURLOPT_URL, url);
        curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
        curl_easy_setopt(h, CURLOPT_WRITEDATA, &state[i]);
        curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
        if (probe_work) {
            curl_easy_setopt(h, CURLOPT_PRIVATE, &state[i]);
            curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
            curl_easy_setopt(h, CURLOPT_HEADERDATA, &state[i]);
            curl_easy_setopt(h, CURLOPT_USERAGENT, "ethotop/0.1.0");
            curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
            curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 10000L);
            curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)(1 << 20));
            curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
            curl_easy_setopt(h, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
            curl_easy_setopt(h, CURLOPT_MAXAGE_CONN, 5L);
        }
    }

    const char *hang_env = getenv("HANG");
    int hang = hang_env ? atoi(hang_env) : 0;
    CURL **hanging = calloc((size_t)(hang > 0 ? hang : 1), sizeof(CURL *));
    int hole = hang > 0 ? blackhole_port() : 0;
    char hole_url[64];
    snprintf(hole_url, sizeof hole_url, "http://127.0.0.1:%d/", hole);
    for (int i = 0; i < hang && hole; i++) {
        hanging[i] = curl_easy_init();
        curl_easy_setopt(hanging[i], CURLOPT_URL, hole_url);
        curl_easy_setopt(hanging[i], CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(hanging[i], CURLOPT_PRIVATE, hang_marker);
        curl_easy_setopt(hanging[i], CURLOPT_CONNECTTIMEOUT_MS, 600000L);
        curl_multi_add_handle(multi, hanging[i]);
    }
    curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, (long)(concurrency + hang));

    long (*loop)(CURLM *, CURL **, int, long) = use_epoll ? run_epoll : run_poll;
    loop(multi, handles, concurrency, warmup);
    long long cpu0 = cpu_micros();
    double t0 = now_seconds();
    long errors = loop(multi, handles, concurrency, requests);
    double wall = now_seconds() - t0;
    long long cpu = cpu_micros() - cpu0;

    printf("tool=c_%s_%s requests=%ld errors=%ld wall_s=%.3f rps=%.0f cpu_us_per_req=%.2f\n",
           use_epoll ? "epoll" : "poll", probe_work ? "probe" : "lean", requests, errors, wall,
           (double)requests / wall, (double)cpu / (double)requests);

    for (int i = 0; i < hang && hole; i++) {
        curl_multi_remove_handle(multi, hanging[i]);
        curl_easy_cleanup(hanging[i]);
    }
    free(hanging);
    for (int i = 0; i < concurrency; i++) curl_easy_cleanup(handles[i]);
    free(handles);
    free(state);
    curl_multi_cleanup(multi);
    curl_global_cleanup();
    return errors == 0 ? 0 : 1;
}
