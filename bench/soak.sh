#!/usr/bin/env bash
# Soak (`make soak`, not part of `make test`): the demo scenario plus SOAK_FLAPPING flapping
# endpoints at 100 ms intervals, monitored by one `ethotop serve` for SOAK_SECONDS (default 30 min).
#
# The ChaosServer runs as a process of its own (Benchmarks/ChaosServe), so only ethotop is measured.
# The flapping endpoints are half scheduled outages (/outage/f<k>?every=10–40s&down=3–8s, 20
# switches) and half seeded 503s (/flaky?p=0.1–0.5); on top, every sample flips one of the 20 outage
# switches by hand (/control/outage/f<k>), so the flapping is not only periodic. Breakers open
# within 3 failures and try again after 2 s, so every endpoint walks closed → open → half-open →
# closed many times.
#
# Every SOAK_SAMPLE seconds one CSV line: elapsed s, RSS and peak RSS (/proc/PID/status VmRSS,
# VmHWM), open file descriptors (/proc/PID/fd), threads, CPU seconds so far (/proc/PID/stat),
# probes_total and the schedule lateness p99/max (from /metrics), and how many breakers are open.
# At the end: a compact table of the curve and min/max after SOAK_WARMUP seconds, and whether RSS
# and FDs stayed flat (RSS: last-quarter mean within 10 % of the first post-warm-up quarter's;
# FDs, which swing with the connection pool: the last quarter's maximum at most 5 above the first's).
#
#   make soak                                  # 30 minutes
#   SOAK_SECONDS=120 SOAK_WARMUP=30 bash bench/soak.sh
#   SOAK_OUT=/tmp/soak bash bench/soak.sh      # keep the CSV, config and logs there
set -euo pipefail
cd "$(dirname "$0")/.."

SOAK_SECONDS=${SOAK_SECONDS:-1800}
SOAK_SAMPLE=${SOAK_SAMPLE:-10}
SOAK_WARMUP=${SOAK_WARMUP:-120}
SOAK_FLAPPING=${SOAK_FLAPPING:-1000}
out=${SOAK_OUT:-$(mktemp -d /tmp/ethotop-soak.XXXXXX)}
mkdir -p "$out"
csv="$out/soak.csv"

swift build -c release --product ethotop >/dev/null
swift build -c release --product ChaosServe >/dev/null
# Run copies, so that rebuilding during a 30-minute soak does not touch the binaries under test.
mkdir -p "$out/bin"
cp "$(swift build -c release --show-bin-path)/ethotop" "$(swift build -c release --show-bin-path)/ChaosServe" "$out/bin/"
bin="$out/bin"

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() { local p; for p in $(seq "$1" "$(($1 + 500))"); do listening "$p" || { echo "$p"; return; }; done; return 1; }
wait_listening() { for _ in $(seq 1 200); do listening "$1" && return 0; sleep 0.05; done; return 1; }

chaos_port=$(free_port 19100)
"$bin/ChaosServe" --port "$chaos_port" >"$out/chaos.log" 2>&1 &
pids+=($!)
wait_listening "$chaos_port" || { echo "soak: ChaosServe did not start"; exit 1; }
chaos="http://127.0.0.1:$chaos_port"
python3 bench/gen_config.py soak --chaos "$chaos" --flapping "$SOAK_FLAPPING" --dir "$out"

metrics_port=$(free_port 19700)
export XDG_STATE_HOME="$out/state"   # its own state file and log, not the user's
"$bin/ethotop" serve --config "$out/ethotop.yaml" --metrics-listen "127.0.0.1:$metrics_port" \
  >"$out/ethotop.out" 2>"$out/ethotop.err" &
pid=$!
pids+=("$pid")
wait_listening "$metrics_port" || { echo "soak: ethotop serve did not start"; cat "$out/ethotop.err"; exit 1; }

tck=$(getconf CLK_TCK)
echo "elapsed_s,rss_kb,hwm_kb,fds,threads,cpu_s,probes_total,lateness_p99_ms,lateness_max_ms,open_breakers,load1" >"$csv"
echo "soak: ethotop pid $pid, ${SOAK_SECONDS} s, sampling every ${SOAK_SAMPLE} s to $csv" >&2
start=$(date +%s)
flip=0
while :; do
  sleep "$SOAK_SAMPLE"
  kill -0 "$pid" 2>/dev/null || { echo "soak: ethotop exited early"; cat "$out/ethotop.err"; exit 1; }
  elapsed=$(($(date +%s) - start))
  rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$pid/status")
  hwm=$(awk '/^VmHWM/ { print $2 }' "/proc/$pid/status")
  threads=$(awk '/^Threads/ { print $2 }' "/proc/$pid/status")
  fds=$(find "/proc/$pid/fd" -mindepth 1 -maxdepth 1 | wc -l)
  cpu=$(awk -v t="$tck" '{ printf "%.1f", ($14 + $15) / t }' "/proc/$pid/stat")
  metrics=$(curl -s --max-time 5 "http://127.0.0.1:$metrics_port/metrics" || true)
  read -r probes p99 lmax open < <(awk '
    /^ethotop_probes_total / { p = $2 }
    /^ethotop_schedule_lateness_seconds\{quantile="0.99"\}/ { q = $2 * 1000 }
    /^ethotop_schedule_lateness_max_seconds / { m = $2 * 1000 }
    /^ethotop_breaker_state\{.*state="open"\} 1/ { o++ }
    END { printf "%s %.2f %.1f %d\n", (p == "" ? "-" : p), q, m, o }' <<<"$metrics")
  echo "$elapsed,$rss,$hwm,$fds,$threads,$cpu,$probes,$p99,$lmax,$open,$(cut -d' ' -f1 /proc/loadavg)" >>"$csv"
  # Flip one of the 20 outage switches each sample: on for one sample, then off.
  curl -s -o /dev/null --max-time 2 "$chaos/control/outage/f$((flip % 20))?on=$(((flip / 20 + flip) % 2))" || true
  flip=$((flip + 1))
  [ "$elapsed" -ge "$SOAK_SECONDS" ] && break
done

python3 - "$csv" "$SOAK_WARMUP" "$SOAK_SAMPLE" <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
warmup = float(sys.argv[2])
after = [r for r in rows if float(r["elapsed_s"]) >= warmup] or rows
def col(rs, k): return [float(r[k]) for r in rs if r[k] not in ("", "-")]
print("| elapsed | RSS MB | FDs | threads | CPU s | probes | probes/s | lateness p99 ms | max ms | open breakers | load |")
print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
step = max(1, len(rows) // 12)
prev = None
for i, r in enumerate(rows):
    if i % step and i != len(rows) - 1:
        continue
    rate = "-"
    if prev is not None and r["probes_total"] != "-" and prev["probes_total"] != "-":
        dt = float(r["elapsed_s"]) - float(prev["elapsed_s"])
        rate = "%.0f" % ((float(r["probes_total"]) - float(prev["probes_total"])) / dt) if dt > 0 else "-"
    print("| %ss | %.1f | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
        r["elapsed_s"], float(r["rss_kb"]) / 1024, r["fds"], r["threads"], r["cpu_s"], r["probes_total"], rate,
        r["lateness_p99_ms"], r["lateness_max_ms"], r["open_breakers"], r["load1"]))
    prev = r
rss, fds = col(after, "rss_kb"), col(after, "fds")
q = max(1, len(after) // 4)
first_rss, last_rss = sum(rss[:q]) / q, sum(rss[-q:]) / q
first_fd, last_fd = max(fds[:q]), max(fds[-q:])
print()
print("after %gs warm-up (%d samples): RSS %.1f–%.1f MB, FDs %d–%d, lateness p99 max %.2f ms" % (
    warmup, len(after), min(rss) / 1024, max(rss) / 1024, min(fds), max(fds), max(col(after, "lateness_p99_ms"))))
print("RSS first quarter %.1f MB → last quarter %.1f MB (%+.1f%%): %s" % (
    first_rss / 1024, last_rss / 1024, (last_rss / first_rss - 1) * 100,
    "flat" if abs(last_rss / first_rss - 1) <= 0.10 else "NOT flat"))
print("FDs at most %d in the first quarter, %d in the last: %s" % (first_fd, last_fd, "flat" if last_fd - first_fd <= 5 else "NOT flat"))
# The curve's shape, which a first-against-last comparison hides: mean RSS and the thread count
# per 5 minutes (glibc gives each new thread its own malloc arena, so RSS steps with threads).
spans = {}
for r in rows:
    spans.setdefault(int(float(r["elapsed_s"]) // 300), []).append(r)
print("RSS mean per 5 min (threads): " + ", ".join(
    "%.1f MB (%s)" % (sum(col(rs, "rss_kb")) / len(rs) / 1024, "/".join(sorted({r["threads"] for r in rs})))
    for _, rs in sorted(spans.items())))
probes = col(rows, "probes_total")
stalls = [i for i in range(1, len(probes)) if probes[i] <= probes[i - 1]]
print("stalls (probes_total not increasing between samples): %d" % len(stalls))
EOF
echo "soak: CSV in $csv" >&2
