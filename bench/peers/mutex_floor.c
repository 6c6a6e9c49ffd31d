/* The C floor for bench/resilience.bench.sh: a pthread mutex lock + increment + unlock loop,
 * uncontended and with two threads on one lock, timed like ResilienceBench (CLOCK_MONOTONIC
 * around a run of N, best and median of several runs, and for the single-threaded row the best
 * process CPU time). Prints one `--peer` line per row:
 *   id|label|best ns/op|median ns/op|best CPU ns/op (or empty)|note
 * Build: cc -O2 -pthread mutex_floor.c -o mutex_floor;  run: ./mutex_floor [runs] */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;
static atomic_int ready;
static atomic_int go;

static long long read_ns(clockid_t clock) {
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static long long now_ns(void) { return read_ns(CLOCK_MONOTONIC); }

/* CPU time of the last one_thread run (two_threads leaves it at -1). */
static long long last_cpu = -1;

static void loop(long n) {
    for (long i = 0; i < n; i++) {
        pthread_mutex_lock(&lock);
        counter++;
        pthread_mutex_unlock(&lock);
    }
}

static void *worker(void *arg) {
    long n = *(long *)arg;
    atomic_fetch_add(&ready, 1);
    while (!atomic_load(&go)) {}
    loop(n);
    return NULL;
}

/* Wall time of two threads each doing n operations, from the start flag to the later join. */
static long long two_threads(long n) {
    pthread_t threads[2];
    atomic_store(&ready, 0);
    atomic_store(&go, 0);
    for (int i = 0; i < 2; i++) pthread_create(&threads[i], NULL, worker, &n);
    while (atomic_load(&ready) < 2) {}
    long long start = now_ns();
    atomic_store(&go, 1);
    for (int i = 0; i < 2; i++) pthread_join(threads[i], NULL);
    return now_ns() - start;
}

static void *noop(void *arg) { return arg; }

static long long one_thread(long n) {
    long long cpu = read_ns(CLOCK_PROCESS_CPUTIME_ID);
    long long start = now_ns();
    loop(n);
    long long wall = now_ns() - start;
    last_cpu = read_ns(CLOCK_PROCESS_CPUTIME_ID) - cpu;
    return wall;
}

static int compare(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void report(const char *id, const char *label, long long (*run)(long), long n, int runs) {
    double per_op[64];
    double best_cpu = -1;
    run(n); /* warm-up */
    for (int r = 0; r < runs; r++) {
        last_cpu = -1;
        per_op[r] = (double)run(n) / (double)n;
        double cpu = (double)last_cpu / (double)n;
        if (last_cpu >= 0 && (best_cpu < 0 || cpu < best_cpu)) best_cpu = cpu;
    }
    qsort(per_op, runs, sizeof per_op[0], compare);
    double median = runs % 2 ? per_op[runs / 2] : (per_op[runs / 2 - 1] + per_op[runs / 2]) / 2;
    if (best_cpu >= 0)
        printf("%s|%s|%.2f|%.2f|%.2f|\n", id, label, per_op[0], median, best_cpu);
    else
        printf("%s|%s|%.2f|%.2f||\n", id, label, per_op[0], median);
}

int main(int argc, char **argv) {
    int runs = argc > 1 ? atoi(argv[1]) : 11;
    if (runs < 1 || runs > 64) runs = 11;
    /* glibc skips the atomic instructions of an uncontended lock while the process has only
     * ever had one thread; a Swift process (and any server) is multi-threaded, so start and
     * join one thread first to measure the lock a real program takes. */
    pthread_t first;
    pthread_create(&first, NULL, noop, NULL);
    pthread_join(first, NULL);
    report("peer.c.mutex", "C `pthread_mutex` lock + increment + unlock, uncontended (cc -O2)",
           one_thread, 2000000, runs);
    report("peer.c.mutex.2t", "C `pthread_mutex` increment, 2 threads on one lock (cc -O2)",
           two_threads, 1000000, runs);
    return counter == 0; /* the counter is read, so the loop is not dead code */
}
