/*
 * The baseline for bench/probe.bench.sh: a hand-written C libcurl multi loop at fixed concurrency.
 *
 *   curl_multi_loop URL [concurrency=32] [requests=200000] [warmup=10000]
 *
 * `concurrency` easy handles are set up once (URL, a discarding write callback, NOSIGNAL) and
 * re-added to the multi handle as each transfer finishes, driven by curl_multi_perform +
 * curl_multi_poll: the canonical loop from libcurl's own examples, as lean as libcurl gets.
 * Prints the same key=value line as ProbeBench (CPU over the measured phase, warm-up excluded).
 */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <time.h>

static size_t discard(char *ptr, size_t size, size_t nmemb, void *userdata) {
    (void)ptr;
    (void)userdata;
    return size * nmemb;
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

/* --- the same loop driven by curl_multi_socket_action + epoll (mode "epoll") ---------------- */
static int epfd = -1;
static double timer_deadline = -1; /* seconds on CLOCK_MONOTONIC; -1: no timer */

static double now_seconds(void);

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

/* Runs `total` transfers at `concurrency`; returns the number that failed or were not 200. */
static long run(CURLM *multi, CURL **handles, int concurrency, long total) {
    long started = 0, finished = 0, errors = 0;
    for (int i = 0; i < concurrency && started < total; i++, started++) curl_multi_add_handle(multi, handles[i]);
    while (finished < total) {
        int running = 0;
        curl_multi_perform(multi, &running);
        CURLMsg *msg;
        int left;
        while ((msg = curl_multi_info_read(multi, &left))) {
            if (msg->msg != CURLMSG_DONE) continue;
            CURL *easy = msg->easy_handle;
            long status = 0;
            curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
            if (msg->data.result != CURLE_OK || status != 200) errors++;
            curl_multi_remove_handle(multi, easy);
            finished++;
            if (started < total) {
                curl_multi_add_handle(multi, easy);
                started++;
            }
        }
        if (finished < total) curl_multi_poll(multi, NULL, 0, 1000, NULL);
    }
    return errors;
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
        CURLMsg *msg;
        int left;
        while ((msg = curl_multi_info_read(multi, &left))) {
            if (msg->msg != CURLMSG_DONE) continue;
            CURL *easy = msg->easy_handle;
            long status = 0;
            curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
            if (msg->data.result != CURLE_OK || status != 200) errors++;
            curl_multi_remove_handle(multi, easy);
            finished++;
            if (started < total) {
                curl_multi_add_handle(multi, easy);
                started++;
            }
        }
    }
    return errors;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s URL [concurrency] [requests] [warmup]\n", argv[0]);
        return 2;
    }
    const char *url = argv[1];
    int concurrency = argc > 2 ? atoi(argv[2]) : 32;
    long requests = argc > 3 ? atol(argv[3]) : 200000;
    long warmup = argc > 4 ? atol(argv[4]) : 10000;
    int use_epoll = argc > 5 && strcmp(argv[5], "epoll") == 0;

    curl_global_init(CURL_GLOBAL_DEFAULT);
    CURLM *multi = curl_multi_init();
    curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, (long)concurrency);
    if (use_epoll) {
        epfd = epoll_create1(EPOLL_CLOEXEC);
        curl_multi_setopt(multi, CURLMOPT_SOCKETFUNCTION, on_socket);
        curl_multi_setopt(multi, CURLMOPT_TIMERFUNCTION, on_timer);
    }
    CURL **handles = calloc((size_t)concurrency, sizeof(CURL *));
    for (int i = 0; i < concurrency; i++) {
        handles[i] = curl_easy_init();
        curl_easy_setopt(handles[i], CURLOPT_URL, url);
        curl_easy_setopt(handles[i], CURLOPT_WRITEFUNCTION, discard);
        curl_easy_setopt(handles[i], CURLOPT_NOSIGNAL, 1L);
    }

    long (*loop)(CURLM *, CURL **, int, long) = use_epoll ? run_epoll : run;
    loop(multi, handles, concurrency, warmup);
    long long cpu0 = cpu_micros();
    double t0 = now_seconds();
    long errors = loop(multi, handles, concurrency, requests);
    double wall = now_seconds() - t0;
    long long cpu = cpu_micros() - cpu0;

    printf("tool=c_multi_%s requests=%ld errors=%ld wall_s=%.3f rps=%.0f cpu_us_per_req=%.2f\n", use_epoll ? "epoll" : "poll", requests, errors,
           wall, (double)requests / wall, (double)cpu / (double)requests);

    for (int i = 0; i < concurrency; i++) curl_easy_cleanup(handles[i]);
    free(handles);
    curl_multi_cleanup(multi);
    curl_global_cleanup();
    return errors == 0 ? 0 : 1;
}
