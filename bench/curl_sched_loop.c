/*
 * The floor for bench/scale.bench.sh, and its load generator for blackbox_exporter: a hand-written
 * C libcurl multi loop that probes N URLs, each on its own fixed schedule.
 *
 *   curl_sched_loop TARGETS_FILE [interval_ms=1000] [seconds=60] [warmup_s=10] [timeout_ms=2000] [slack_ms=5]
 *
 * The same work as `ethotop snapshot` over the same targets, with nothing else: URL i is due at
 * start + interval × i / N + k × interval (spread at start, a slot grid that never drifts), a URL
 * still in flight skips its slot, and each finished probe moves to its first slot after now. One
 * thread, a binary heap of deadlines, curl_multi_socket_action on epoll, a free list of reused
 * easy handles (keep-alive through the multi handle's connection cache), a discarding write
 * callback. Like ethotop's scheduler it has a timer slack (default 5 ms): after starting what
 * was due it waits at least that long for the next due probe (libcurl's own socket events and
 * timers are served at once), so both start probes in the same batches. bench/curl_multi_loop.c (the probe benchmark's floor) runs one URL closed-loop at a
 * fixed concurrency; this one is open-loop on a schedule, which is what a monitor does.
 *
 * Prints one key=value line over the measured phase (after warm-up): probes completed, probes/s,
 * errors (transport or non-2xx), CPU (getrusage user+sys) per 1,000 probes, how late each probe
 * started after its due time (p50/p99/max) and the peak RSS.
 */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <time.h>

typedef struct {
    double due;
    int index;
} Entry;

static Entry *heap;
static int heap_len;

static void heap_push(double due, int index) {
    int i = heap_len++;
    heap[i].due = due;
    heap[i].index = index;
    while (i > 0) {
        int parent = (i - 1) / 2;
        if (heap[parent].due <= heap[i].due) break;
        Entry t = heap[parent];
        heap[parent] = heap[i];
        heap[i] = t;
        i = parent;
    }
}

static Entry heap_pop(void) {
    Entry top = heap[0];
    heap[0] = heap[--heap_len];
    int i = 0;
    for (;;) {
        int l = 2 * i + 1, r = l + 1, m = i;
        if (l < heap_len && heap[l].due < heap[m].due) m = l;
        if (r < heap_len && heap[r].due < heap[m].due) m = r;
        if (m == i) break;
        Entry t = heap[m];
        heap[m] = heap[i];
        heap[i] = t;
        i = m;
    }
    return top;
}

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long long cpu_micros(void) {
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return (long long)(u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1000000LL + u.ru_utime.tv_usec + u.ru_stime.tv_usec;
}

static size_t discard(char *ptr, size_t size, size_t nmemb, void *userdata) {
    (void)ptr;
    (void)userdata;
    return size * nmemb;
}

static int epfd;
static double timer_deadline = -1;

static int on_socket(CURL *easy, curl_socket_t s, int what, void *userp, void *socketp) {
    (void)easy;
    (void)userp;
    (void)socketp;
    struct epoll_event ev;
    memset(&ev, 0, sizeof ev);
    ev.data.fd = s;
    if (what == CURL_POLL_REMOVE) {
        epoll_ctl(epfd, EPOLL_CTL_DEL, s, NULL);
        return 0;
    }
    ev.events = (what & CURL_POLL_IN ? EPOLLIN : 0) | (what & CURL_POLL_OUT ? EPOLLOUT : 0);
    if (epoll_ctl(epfd, EPOLL_CTL_MOD, s, &ev) != 0) epoll_ctl(epfd, EPOLL_CTL_ADD, s, &ev);
    return 0;
}

static int on_timer(CURLM *multi, long ms, void *userp) {
    (void)multi;
    (void)userp;
    timer_deadline = ms < 0 ? -1 : now_seconds() + (double)ms / 1000.0;
    return 0;
}

static int compare_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s TARGETS_FILE [interval_ms] [seconds] [warmup_s] [timeout_ms] [slack_ms]\n", argv[0]);
        return 2;
    }
    double interval = (argc > 2 ? atof(argv[2]) : 1000) / 1000.0;
    double seconds = argc > 3 ? atof(argv[3]) : 60;
    double warmup = argc > 4 ? atof(argv[4]) : 10;
    long timeout_ms = argc > 5 ? atol(argv[5]) : 2000;
    double slack = (argc > 6 ? atof(argv[6]) : 5) / 1000.0;

    FILE *f = fopen(argv[1], "r");
    if (!f) {
        perror(argv[1]);
        return 2;
    }
    int n = 0, cap = 1024;
    char **urls = malloc(sizeof(char *) * cap);
    char line[4096];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = 0;
        if (!line[0]) continue;
        if (n == cap) urls = realloc(urls, sizeof(char *) * (cap *= 2));
        urls[n++] = strdup(line);
    }
    fclose(f);
    if (n == 0) return 2;

    curl_global_init(CURL_GLOBAL_DEFAULT);
    CURLM *multi = curl_multi_init();
    epfd = epoll_create1(EPOLL_CLOEXEC);
    curl_multi_setopt(multi, CURLMOPT_SOCKETFUNCTION, on_socket);
    curl_multi_setopt(multi, CURLMOPT_TIMERFUNCTION, on_timer);
    /* ethotop's default pool: at most 100 connections at once (beyond, transfers wait in
     * libcurl's pending queue), 100 kept idle. Without the cap, one stall at 10,000 probes a
     * second snowballs: every late probe opens a connection, nginx slows, more probes are late. */
    curl_multi_setopt(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, 100L);
    curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, 100L);

    heap = malloc(sizeof(Entry) * (size_t)n);
    char *in_flight = calloc((size_t)n, 1);
    CURL **free_list = malloc(sizeof(CURL *) * (size_t)n);
    int free_len = 0;
    size_t lateness_cap = (size_t)((seconds + 1) / interval + 2) * (size_t)n;
    double *lateness = malloc(sizeof(double) * lateness_cap);
    size_t lateness_len = 0;

    double start = now_seconds();
    double origin = start;
    for (int i = 0; i < n; i++) heap_push(origin + interval * i / n, i);
    double measure_from = start + warmup, end = measure_from + seconds;
    long long cpu0 = 0;
    long completed = 0, errors = 0;
    long by_code[CURL_LAST + 1];
    memset(by_code, 0, sizeof by_code);
    int measuring = 0, running = 0;
    double last_start = 0;
    struct epoll_event events[256];

    for (;;) {
        double now = now_seconds();
        if (!measuring && now >= measure_from) {
            measuring = 1;
            cpu0 = cpu_micros();
        }
        if (now >= end) break;
        /* start every due probe, at most once per slack */
        if (now >= last_start + slack) last_start = now;
        while (now == last_start && heap_len > 0 && heap[0].due <= now) {
            Entry e = heap_pop();
            if (in_flight[e.index]) continue;
            if (measuring && lateness_len < lateness_cap) lateness[lateness_len++] = now - e.due;
            CURL *easy = free_len > 0 ? free_list[--free_len] : NULL;
            if (!easy) {
                easy = curl_easy_init();
                curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, discard);
                curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
                curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, timeout_ms);
                curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, 1000L);
            }
            curl_easy_setopt(easy, CURLOPT_URL, urls[e.index]);
            curl_easy_setopt(easy, CURLOPT_PRIVATE, (void *)(long)e.index);
            in_flight[e.index] = 1;
            curl_multi_add_handle(multi, easy);
        }
        /* wait for sockets, curl's timer or the next due probe */
        double wake = heap_len > 0 ? heap[0].due : now + 1;
        if (wake < last_start + slack) wake = last_start + slack;
        if (timer_deadline >= 0 && timer_deadline < wake) wake = timer_deadline;
        if (end < wake) wake = end;
        double left = wake - now_seconds();
        int wait_ms = left <= 0 ? 0 : (int)(left * 1000.0 + 0.999);
        int got = epoll_wait(epfd, events, 256, wait_ms);
        for (int i = 0; i < got; i++) {
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
        int queued;
        while ((msg = curl_multi_info_read(multi, &queued))) {
            if (msg->msg != CURLMSG_DONE) continue;
            CURL *easy = msg->easy_handle;
            void *priv = NULL;
            long status = 0;
            curl_easy_getinfo(easy, CURLINFO_PRIVATE, &priv);
            curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
            int index = (int)(long)priv;
            if (measuring) {
                completed++;
                if (msg->data.result != CURLE_OK || status < 200 || status > 299) errors++;
                if (msg->data.result != CURLE_OK && msg->data.result <= CURL_LAST) by_code[msg->data.result]++;
            }
            curl_multi_remove_handle(multi, easy);
            free_list[free_len++] = easy;
            in_flight[index] = 0;
            /* next slot strictly after now on this URL's grid */
            double done = now_seconds();
            double first = origin + interval * index / n;
            double k = (double)(long long)((done - first) / interval) + 1;
            heap_push(first + k * interval, index);
        }
    }
    long long cpu = cpu_micros() - cpu0;
    qsort(lateness, lateness_len, sizeof(double), compare_double);
    double p50 = lateness_len ? lateness[lateness_len / 2] : 0;
    double p99 = lateness_len ? lateness[(size_t)((double)lateness_len * 0.99)] : 0;
    double max = lateness_len ? lateness[lateness_len - 1] : 0;
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    printf("tool=c_sched_loop n=%d seconds=%.0f probes=%ld errors=%ld probes_per_s=%.1f cpu_s=%.3f "
           "cpu_ms_per_1000=%.1f lateness_p50_ms=%.3f lateness_p99_ms=%.3f lateness_max_ms=%.3f maxrss_kb=%ld\n",
           n, seconds, completed, errors, (double)completed / seconds, (double)cpu / 1e6,
           completed ? (double)cpu / 1000.0 / ((double)completed / 1000.0) : 0, p50 * 1000, p99 * 1000, max * 1000,
           u.ru_maxrss);
    for (int code = 0; code <= CURL_LAST; code++)
        if (by_code[code]) fprintf(stderr, "curl_sched_loop: %ld × %s\n", by_code[code], curl_easy_strerror((CURLcode)code));
    return 0;
}
