"""Python's pybreaker as a well-known peer for scale (bench/resilience.bench.sh).

Times `CircuitBreaker.call(f)` of a function that returns at once on a closed breaker, next to
the interpreter's own floor (a plain call of `f` in the same loop, and a `threading.Lock`
increment), the same way ResilienceBench does: N calls per run, best and median wall ns/op of
several runs, and the best process-CPU ns/op. Prints one `--peer` line per row:
id|label|best|median|best CPU|note
"""

import importlib.metadata
import statistics
import sys
import threading
import time

import pybreaker


def per_op(run, n, runs):
    run(n)  # warm-up
    samples = []
    cpu = []
    for _ in range(runs):
        cpu_start = time.process_time_ns()
        start = time.perf_counter_ns()
        run(n)
        samples.append((time.perf_counter_ns() - start) / n)
        cpu.append((time.process_time_ns() - cpu_start) / n)
    return min(samples), statistics.median(samples), min(cpu)


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 11
    breaker = pybreaker.CircuitBreaker(fail_max=5, reset_timeout=60)
    lock = threading.Lock()
    box = [0]

    def operation():
        return 1

    def call_through_breaker(n):
        call = breaker.call
        for _ in range(n):
            call(operation)

    def call_directly(n):
        for _ in range(n):
            operation()

    def lock_increment(n):
        for _ in range(n):
            with lock:
                box[0] += 1

    version = importlib.metadata.version("pybreaker")
    python = "%d.%d" % sys.version_info[:2]
    rows = [
        ("peer.pybreaker.call", "pybreaker %s `CircuitBreaker.call(f)`, closed (CPython %s)" % (version, python),
         call_through_breaker, 100_000),
        ("peer.python.call", "CPython %s: plain call of `f` in the same loop" % python, call_directly, 1_000_000),
        ("peer.python.lock", "CPython %s: `with threading.Lock(): x += 1`" % python, lock_increment, 1_000_000),
    ]
    for row_id, label, run, n in rows:
        best, median, best_cpu = per_op(run, n, runs)
        print("%s|%s|%.1f|%.1f|%.1f|" % (row_id, label, best, median, best_cpu))


if __name__ == "__main__":
    main()
