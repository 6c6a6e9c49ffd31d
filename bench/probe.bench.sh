#!/usr/bin/env bash
# Probe engine benchmark: CPU time per completed request against nginx on loopback, for
#   - ethotop's prober (the ProbeBench release executable) at concurrency 32, its calling tasks on
#     Swift's global pool (the default) and on the prober's own loop executor (opt-in),
#   - a hand-written C libcurl multi loop at the same concurrency (bench/curl_multi_loop.c): lean
#     and canonical (curl_multi_perform + curl_multi_poll, a discarding write callback), the same
#     loop doing the prober's per-request libcurl work (options, header and body callbacks, getinfo
#     reads), and that work in the prober's design (curl_multi_socket_action + epoll),
#   - wrk -t1 -c32 and hey -c 32 (peers, when installed).
# Everything runs in this one invocation against the same nginx (1 worker, `return 200`, keep-alive).
# The prober and the C loop run REPEAT times, interleaved, and the median is reported: the machine
# is shared, so single runs are noisy. CPU is user+sys: for the prober and the C loop their own
# getrusage over the measured phase (warm-up excluded); for wrk and hey the whole process (bash
# `times`), divided by the requests completed. With two or more CPUs, nginx is pinned to CPU 0 and
# every client to CPU 1, so each client has one CPU (set PIN=0 to disable).
# Goal: prober within 1.3× the C loop's CPU per request, and ≥ 15,000 requests/s.
# A second table repeats the prober and the C loops with HANG (default 1000) transfers hanging on a
# local blackhole for the whole run (connects that never complete, as in an outage), which is the
# case the prober's socket_action + epoll design is for.
#
#   bash bench/probe.bench.sh
#   REQUESTS=500000 REPEAT=5 bash bench/probe.bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."

CONCURRENCY=${CONCURRENCY:-32}
REQUESTS=${REQUESTS:-200000}
WARMUP=${WARMUP:-10000}
REPEAT=${REPEAT:-3}
WRK_SECONDS=${WRK_SECONDS:-5}
HANGING=${HANG:-1000}
unset HANG  # only the outage runs below may see it
# Each hanging transfer holds a socket: make room for them (raises the soft limit up to the hard one).
[ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt $((HANGING + 512)) ] && { ulimit -n $((HANGING + 512)) 2>/dev/null || true; }
HANG_REQUESTS=${HANG_REQUESTS:-50000}
NGINX_PIN=()
CLIENT_PIN=()
if command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ] && [ "${PIN:-1}" = 1 ]; then
  NGINX_PIN=(taskset -c 0)
  CLIENT_PIN=(taskset -c 1)
fi

for tool in nginx gcc pkg-config; do
  command -v "$tool" >/dev/null || { echo "probe.bench: $tool is not installed (make bench-deps)"; exit 1; }
done

work=$(mktemp -d)
nginx_pid=""
cleanup() {
  if [ -n "$nginx_pid" ]; then kill "$nginx_pid" 2>/dev/null || true; wait "$nginx_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# --- nginx on a free loopback port ------------------------------------------------------------
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port=""
for candidate in $(seq 18080 18180); do
  if ! listening "$candidate"; then port=$candidate; break; fi
done
[ -n "$port" ] || { echo "probe.bench: no free port in 18080-18180"; exit 1; }
mkdir -p "$work/nginx/logs"
cat >"$work/nginx/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_timeout 120s;
  keepalive_requests 100000000;
  server {
    listen 127.0.0.1:$port backlog=4096;
    location / { return 200 "ok\n"; }
  }
}
EOF
user_directive=""
[ "$(id -u)" = 0 ] && user_directive="user root;"
"${NGINX_PIN[@]}" nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" ${user_directive:+-g "$user_directive"} \
  2>"$work/nginx/start.log" &
nginx_pid=$!
for _ in $(seq 1 100); do listening "$port" && break; sleep 0.05; done
listening "$port" || { echo "probe.bench: nginx did not start"; cat "$work/nginx/start.log"; exit 1; }
url="http://127.0.0.1:$port/"

# --- build the clients ------------------------------------------------------------------------
swift build -c release --product ProbeBench >/dev/null 2>&1
probe_bench="$(swift build -c release --show-bin-path)/ProbeBench"
# shellcheck disable=SC2046
gcc -O2 -o "$work/curl_multi_loop" bench/curl_multi_loop.c $(pkg-config --cflags --libs libcurl)

# --- measure ----------------------------------------------------------------------------------
# Runs "$@" on the client CPU; stdout in $work/out, whole-process user+sys µs in $cpu.
measure() {
  ( "${CLIENT_PIN[@]}" "$@" >"$work/out" 2>"$work/err"; times >"$work/times" ) || true
  # Second line of `times`: the children's user and system time, e.g. "0m1.234s 0m0.567s".
  cpu=$(sed -n 2p "$work/times" | awk '{
    split($1, u, /[ms]/); split($2, s, /[ms]/); printf "%.0f", (u[1] * 60 + u[2] + s[1] * 60 + s[2]) * 1e6 }')
}
field() { tr ' ' '\n' <"$work/out" | sed -n "s/^$1=//p"; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else print v[int((NR + 1) / 2)] }'; }

: >"$work/runs"  # lines: tool rps cpu_us_per_req errors
for run in $(seq 1 "$REPEAT"); do
  for mode in pool loop; do
    measure "$probe_bench" "$url" "$CONCURRENCY" "$REQUESTS" "$WARMUP" "$mode"
    echo "prober_$mode $(field rps) $(field cpu_us_per_req) $(field errors)" >>"$work/runs"
  done
  for variant in "poll lean" "poll probe" "epoll probe"; do
    # shellcheck disable=SC2086
    measure "$work/curl_multi_loop" "$url" "$CONCURRENCY" "$REQUESTS" "$WARMUP" $variant
    echo "c_${variant/ /_} $(field rps) $(field cpu_us_per_req) $(field errors)" >>"$work/runs"
  done
done

# The outage case: the same clients with $HANGING transfers hanging meanwhile (their own blackhole).
if [ "$HANGING" -gt 0 ]; then
  for run in $(seq 1 "$REPEAT"); do
    measure env HANG="$HANGING" "$probe_bench" "$url" "$CONCURRENCY" "$HANG_REQUESTS" "$WARMUP" pool
    echo "hang_prober_pool $(field rps) $(field cpu_us_per_req) $(field errors)" >>"$work/runs"
    for variant in "poll lean" "epoll probe"; do
      # shellcheck disable=SC2086
      measure env HANG="$HANGING" "$work/curl_multi_loop" "$url" "$CONCURRENCY" "$HANG_REQUESTS" "$WARMUP" $variant
      echo "hang_c_${variant/ /_} $(field rps) $(field cpu_us_per_req) $(field errors)" >>"$work/runs"
    done
  done
fi

if command -v wrk >/dev/null; then
  measure wrk -t1 -c"$CONCURRENCY" -d"${WRK_SECONDS}s" "$url"
  wrk_requests=$(sed -n 's/^ *\([0-9][0-9]*\) requests in .*/\1/p' "$work/out")
  wrk_rps=$(sed -n 's/^Requests\/sec:[[:space:]]*\([0-9.]*\).*/\1/p' "$work/out")
  echo "wrk ${wrk_rps%.*} $(awk -v c="$cpu" -v n="$wrk_requests" 'BEGIN { printf "%.2f", c / n }') 0" >>"$work/runs"
fi
if command -v hey >/dev/null; then
  measure hey -n "$REQUESTS" -c "$CONCURRENCY" "$url"
  hey_ok=$(sed -n 's/^[[:space:]]*\[200\][[:space:]]*\([0-9]*\) responses.*/\1/p' "$work/out")
  hey_rps=$(sed -n 's/^[[:space:]]*Requests\/sec:[[:space:]]*\([0-9.]*\).*/\1/p' "$work/out")
  echo "hey ${hey_rps%.*} $(awk -v c="$cpu" -v n="${hey_ok:-0}" 'BEGIN { if (n > 0) printf "%.2f", c / n; else print "-" }') $((REQUESTS - ${hey_ok:-0}))" >>"$work/runs"
fi

# --- report -----------------------------------------------------------------------------------
stat() { awk -v t="$1" -v col="$2" '$1 == t { print $col }' "$work/runs" | median; }
errors() { awk -v t="$1" '$1 == t { e += $4 } END { print e + 0 }' "$work/runs"; }
c_cpu=$(stat c_poll_lean 3)
c_epoll_cpu=$(stat c_epoll_probe 3)

echo "nginx 1 worker, concurrency $CONCURRENCY, $REQUESTS requests per run after $WARMUP warm-up, median of $REPEAT interleaved runs"
if [ ${#CLIENT_PIN[@]} -gt 0 ]; then echo "nginx on CPU 0, each client on CPU 1"; else echo "no CPU pinning"; fi
echo "libcurl $(curl-config --version | cut -d' ' -f2), $(nproc) CPUs, load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| client | req/s | CPU µs/request | vs lean C loop | vs C loop, same work and design | errors |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a != "-" && b > 0) printf "%.2f×", a / b; else print "-" }'; }
row() {  # label tool
  local rps cpu
  rps=$(stat "$2" 2); cpu=$(stat "$2" 3)
  [ "$rps" = "-" ] && return
  printf '| %s | %s | %s | %s | %s | %s |\n' "$1" "$rps" "$cpu" "$(ratio "$cpu" "$c_cpu")" \
    "$(ratio "$cpu" "$c_epoll_cpu")" "$(errors "$2")"
}
row "ethotop prober, callers on the global pool (default)" prober_pool
row "ethotop prober, callers on \`prober.executor\`" prober_loop
row "C libcurl loop, lean: perform + poll" c_poll_lean
row "C libcurl loop, prober's work: perform + poll" c_poll_probe
row "C libcurl loop, prober's work: socket_action + epoll" c_epoll_probe
if command -v wrk >/dev/null; then row "wrk -t1 -c$CONCURRENCY (${WRK_SECONDS} s)" wrk; else echo "| wrk | not installed | | | | |"; fi
if command -v hey >/dev/null; then row "hey -c $CONCURRENCY" hey; else echo "| hey | not installed (Debian package \`hey\`) | | | | |"; fi

if [ "$HANGING" -gt 0 ]; then
  c_cpu=$(stat hang_c_poll_lean 3)
  c_epoll_cpu=$(stat hang_c_epoll_probe 3)
  echo
  echo "With $HANGING transfers hanging meanwhile (connects to a blackhole), $HANG_REQUESTS requests per run:"
  echo
  echo "| client | req/s | CPU µs/request | vs lean C loop | vs C loop, same work and design | errors |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: |"
  row "ethotop prober, callers on the global pool (default)" hang_prober_pool
  row "C libcurl loop, lean: perform + poll" hang_c_poll_lean
  row "C libcurl loop, prober's work: socket_action + epoll" hang_c_epoll_probe
  c_cpu=$(stat c_poll_lean 3)
fi

echo
for mode in pool loop; do
  awk -v p="$(stat "prober_$mode" 3)" -v c="$c_cpu" -v r="$(stat "prober_$mode" 2)" -v m="$mode" 'BEGIN {
    printf "goal (%s): CPU ≤ 1.30× the lean C loop: %.2f× %s; ≥ 15000 req/s: %d %s\n", m,
      p / c, (p / c <= 1.3 ? "met" : "NOT met"), r, (r >= 15000 ? "met" : "NOT met") }'
done
