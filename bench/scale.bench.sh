#!/usr/bin/env bash
# Scale benchmark: N endpoints on 127.0.0.1 (one nginx, several `listen` ports, `return 200`,
# keep-alive), each probed every 1 s, by
#   - ethotop: `ethotop snapshot --config F --duration …` (release build, default policies),
#   - the C floor: bench/curl_sched_loop.c, the same schedule over the same URLs in one libcurl
#     multi loop with nothing else,
#   - prometheus-blackbox-exporter (Debian package), driven at the same per-target rate by
#     curl_sched_loop GETting /probe?target=…&module=http_2xx (the driver's CPU is NOT counted:
#     only the exporter process's),
# one after the other in this one invocation, for each N in SCALE_N; then ethotop again at the
# largest N with SCALE_HANG of the endpoints pointing at ChaosServer /hang (never answers).
#
# Each run is measured over a steady window: SCALE_WARMUP seconds after start, for SCALE_SECONDS.
#   probes/s       nginx requests served in the window (stub_status) / window: counted by the
#                  server, the same way for every client
#   conn/1k        TCP connections nginx accepted per 1,000 probes (keep-alive at work)
#   CPU/1k probes  the client process's user+sys (/proc/PID/stat) in the window, per 1,000 probes
#   peak RSS       VmHWM of the client process at the end of the window (ethotop: also the peak
#                  over its whole life, final 10,000-endpoint JSON encoding included)
#   lateness       how late each probe started after its due time: ethotop's own
#                  scheduler.lateness_ms_* (JSON; a 60 s window), the C loop's over the window
#
# CPU time on a small VM varies by ±20 % from one run to the next; SCALE_ROUNDS runs ethotop and the
# C floor that many times, alternating, and the goals use the median CPU per probe of each (and
# the worst RSS and lateness of the rounds).
#
#   bash bench/scale.bench.sh
#   SCALE_N=10000 SCALE_ROUNDS=3 SCALE_PEERS=0 SCALE_HANG=0 bash bench/scale.bench.sh
#   SCALE_N="100 1000" SCALE_SECONDS=20 SCALE_WARMUP=5 SCALE_PEERS=0 SCALE_HANG=0 bash bench/scale.bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."

SCALE_N=${SCALE_N:-"100 1000 10000"}
SCALE_SECONDS=${SCALE_SECONDS:-60}
SCALE_WARMUP=${SCALE_WARMUP:-10}
SCALE_PEERS=${SCALE_PEERS:-1}      # 0: ethotop only
SCALE_HANG=${SCALE_HANG:-1000}     # 0: skip the hanging run
SCALE_PORTS=${SCALE_PORTS:-8}      # nginx listen ports ("hosts")
SCALE_FLOOR=${SCALE_FLOOR:-1}      # 0: skip the C floor
SCALE_ROUNDS=${SCALE_ROUNDS:-1}    # ethotop and the C floor, alternating; goals use the medians

need() { command -v "$1" >/dev/null; }
install_missing() {
  local missing=()
  for p in "$@"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p"); done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "scale.bench: installing ${missing[*]}" >&2
    local sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}
install_missing nginx-light gcc libcurl4-openssl-dev pkg-config python3 curl
[ "$SCALE_PEERS" = 0 ] || install_missing prometheus-blackbox-exporter

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_ports() {  # count: prints that many free ports from 18100 up
  local want=$1 got=0 p
  for p in $(seq 18100 18999); do
    [ "$got" -ge "$want" ] && break
    if ! listening "$p" && ! grep -qx "$p" "$work/used_ports" 2>/dev/null; then echo "$p"; echo "$p" >>"$work/used_ports"; got=$((got + 1)); fi
  done
}
wait_listening() { for _ in $(seq 1 200); do listening "$1" && return 0; sleep 0.05; done; return 1; }

# --- build ------------------------------------------------------------------------------------
swift build -c release --product ethotop >/dev/null
swift build -c release --product ChaosServe >/dev/null
bin=$(swift build -c release --show-bin-path)
# shellcheck disable=SC2046
gcc -O2 -o "$work/curl_sched_loop" bench/curl_sched_loop.c $(pkg-config --cflags --libs libcurl)

# --- servers ----------------------------------------------------------------------------------
mapfile -t ports < <(free_ports "$SCALE_PORTS")
status_port=$(free_ports 1)
port_list=$(IFS=,; echo "${ports[*]}")
gen() { python3 bench/gen_config.py scale --ports "$port_list" --status-port "$status_port" "$@"; }
gen --n 1 --dir "$work/nginx-conf"
ulimit -n 65536 2>/dev/null || true   # before nginx: every client and server here may hold thousands
user_directive=""; [ "$(id -u)" = 0 ] && user_directive="user root;"
nginx -p "$work/nginx-conf/nginx" -c "$work/nginx-conf/nginx.conf" ${user_directive:+-g "$user_directive"} \
  2>"$work/nginx.log" &
pids+=($!)
wait_listening "$status_port" || { echo "scale.bench: nginx did not start"; cat "$work/nginx.log"; exit 1; }

if [ "$SCALE_PEERS" != 0 ]; then
  bb_port=$(free_ports 1)
  cat >"$work/blackbox.yml" <<'EOF'
modules:
  http_2xx:
    prober: http
    timeout: 2s
    http:
      preferred_ip_protocol: ip4
EOF
  prometheus-blackbox-exporter --config.file="$work/blackbox.yml" --web.listen-address="127.0.0.1:$bb_port" \
    --log.level=error >"$work/blackbox.log" 2>&1 &
  bb_pid=$!
  pids+=("$bb_pid")
  wait_listening "$bb_port" || { echo "scale.bench: blackbox_exporter did not start"; cat "$work/blackbox.log"; exit 1; }
fi

# --- measurement helpers ----------------------------------------------------------------------
tck=$(getconf CLK_TCK)
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
served() { curl -s "http://127.0.0.1:$status_port/" | awk 'NR == 3 { print $1, $3 }'; }  # accepted requests
hwm_kb() { awk '/^VmHWM/ { print $2 }' "/proc/$1/status"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

# window PID: sleeps through warm-up and the window, sets cpu_s, probes, conns, hwm, load1.
window() {
  local pid=$1 c0 c1 a0 r0 a1 r1
  sleep "$SCALE_WARMUP"
  c0=$(cpu_ticks "$pid"); read -r a0 r0 < <(served)
  sleep "$SCALE_SECONDS"
  c1=$(cpu_ticks "$pid"); read -r a1 r1 < <(served)
  hwm=$(hwm_kb "$pid")
  cpu_s=$(awk -v a="$c0" -v b="$c1" -v t="$tck" 'BEGIN { printf "%.2f", (b - a) / t }')
  probes=$((r1 - r0 - 1))   # minus our own stub_status request
  conns=$((a1 - a0 - 1))
  load1=$(load)
}
rows=()
declare -A cpu_of rss_of p99_of cpu_list
row() {  # key client n p50 p99 max rss_note
  local key=$1 client=$2 n=$3 p50=$4 p99=$5 max=$6 rss_note=$7
  local rate cpu_per conn_per
  rate=$(awk -v p="$probes" -v s="$SCALE_SECONDS" 'BEGIN { printf "%.0f", p / s }')
  cpu_per=$(awk -v c="$cpu_s" -v p="$probes" 'BEGIN { if (p > 0) printf "%.1f", c * 1000 * 1000 / p; else print "-" }')
  conn_per=$(awk -v c="$conns" -v p="$probes" 'BEGIN { if (p > 0) printf "%.1f", c * 1000 / p; else print "-" }')
  cpu_list[$key:$n]="${cpu_list[$key:$n]:-} $cpu_per"
  cpu_of[$key:$n]=$(tr ' ' '\n' <<<"${cpu_list[$key:$n]}" | grep -v '^$' | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
  local mb=$((hwm / 1024))
  [ "${rss_of[$key:$n]:-0}" -ge "$mb" ] || rss_of[$key:$n]=$mb
  p99_of[$key:$n]=$(awk -v a="${p99_of[$key:$n]:-0}" -v b="$p99" 'BEGIN { print (b + 0 > a + 0 ? b : a) }')
  rows+=("| $client | $n | $rate | $conn_per | $cpu_s | $cpu_per | $((hwm / 1024)) MB$rss_note | $p50 | $p99 | $max | $load1 |")
  echo "scale.bench: $client n=$n probes/s=$rate cpu_ms_per_1k=$cpu_per rss_mb=$((hwm / 1024)) lateness=$p50/$p99/$max load=$load1" >&2
}

run_ethotop() {  # key n config label
  local key=$1 n=$2 config=$3 label=$4 duration pid
  duration=$((SCALE_WARMUP + SCALE_SECONDS + 2))
  /usr/bin/time -f '%M' -o "$work/time.txt" "$bin/ethotop" snapshot --config "$config" --duration "${duration}s" \
    --format json >"$work/snapshot.json" 2>"$work/ethotop.err" &
  local timer=$!
  for _ in $(seq 1 100); do pid=$(pgrep -P "$timer" || true); [ -n "$pid" ] && break; sleep 0.02; done
  window "$pid"
  wait "$timer" || { echo "scale.bench: ethotop failed"; cat "$work/ethotop.err"; exit 1; }
  local life_mb
  life_mb=$(( $(tail -1 "$work/time.txt") / 1024 ))
  read -r p50 p99 max < <(python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))["scheduler"]
print("%.2f %.2f %.1f" % (s["lateness_ms_p50"], s["lateness_ms_p99"], s["lateness_ms_max"]))' "$work/snapshot.json")
  row "$key" "$label" "$n" "$p50" "$p99" "$max" " ($life_mb MB)"
}

run_floor() {  # n targets [label suffix]
  local n=$1 targets=$2 suffix=${3:-}
  "$work/curl_sched_loop" "$targets" 1000 "$((SCALE_SECONDS + 2))" "$SCALE_WARMUP" 2000 >"$work/floor.out" &
  local pid=$!
  window "$pid"
  wait "$pid"
  local line p50 p99 max
  line=$(cat "$work/floor.out")
  p50=$(tr ' ' '\n' <<<"$line" | sed -n 's/^lateness_p50_ms=//p')
  p99=$(tr ' ' '\n' <<<"$line" | sed -n 's/^lateness_p99_ms=//p')
  max=$(tr ' ' '\n' <<<"$line" | sed -n 's/^lateness_max_ms=//p')
  row floor "C libcurl multi loop (floor)$suffix" "$n" "$(printf %.2f "$p50")" "$(printf %.2f "$p99")" "$(printf %.1f "$max")" ""
}

run_blackbox() {  # n targets
  local n=$1 targets=$2
  sed "s|^|http://127.0.0.1:$bb_port/probe?module=http_2xx\&target=|" "$targets" >"$work/bb_targets.txt"
  "$work/curl_sched_loop" "$work/bb_targets.txt" 1000 "$((SCALE_SECONDS + 2))" "$SCALE_WARMUP" 6000 >"$work/driver.out" &
  local driver=$!
  window "$bb_pid"
  wait "$driver"
  row blackbox "blackbox_exporter $(prometheus-blackbox-exporter --version 2>&1 | sed -n 's/.*version \([0-9.]*\).*/\1/p' | head -1)" \
    "$n" "n/a" "n/a" "n/a" ""
}

# --- runs -------------------------------------------------------------------------------------
for n in $SCALE_N; do
  gen --n "$n" --dir "$work/n$n"
  for round in $(seq 1 "$SCALE_ROUNDS"); do
    suffix=""; [ "$SCALE_ROUNDS" = 1 ] || suffix=" (round $round)"
    run_ethotop ethotop "$n" "$work/n$n/ethotop.yaml" "ethotop snapshot$suffix"
    [ "$SCALE_FLOOR" = 0 ] || run_floor "$n" "$work/n$n/targets.txt" "$suffix"
  done
  [ "$SCALE_PEERS" = 0 ] || run_blackbox "$n" "$work/n$n/targets.txt"
done

if [ "$SCALE_HANG" != 0 ]; then
  n=$(tr ' ' '\n' <<<"$SCALE_N" | sort -n | tail -1)
  chaos_port=$(free_ports 1)
  "$bin/ChaosServe" --port "$chaos_port" >"$work/chaos.out" 2>&1 &
  pids+=($!)
  wait_listening "$chaos_port" || { echo "scale.bench: ChaosServe did not start"; exit 1; }
  gen --n "$n" --dir "$work/hang" --hang "$SCALE_HANG" --hang-url "http://127.0.0.1:$chaos_port/hang"
  run_ethotop hang "$n" "$work/hang/ethotop.yaml" "ethotop snapshot, $SCALE_HANG of them /hang"
  python3 - "$work/snapshot.json" >"$work/hang.txt" <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
healthy = [e for e in s["endpoints"] if e["group"] != "hang"]
hanging = [e for e in s["endpoints"] if e["group"] == "hang"]
def opened(es): return sum(1 for e in es if e["breaker"]["state"] != "closed")
timeouts = sum(e["requests"]["timeouts"] for e in healthy)
hit = sum(1 for e in healthy if e["requests"]["timeouts"] > 0)
backstop = sum(1 for e in healthy if ((e.get("last") or {}).get("error") or {}).get("message", "").endswith("(backstop)"))
print("hanging endpoints: %d, breakers not closed: %d; healthy endpoints: %d, breakers not closed: %d, "
      "with timeouts: %d (%d timeouts), last error a backstop timeout: %d" % (
      len(hanging), opened(hanging), len(healthy), opened(healthy), hit, timeouts, backstop))
EOF
  echo "scale.bench: hang run: $(cat "$work/hang.txt")" >&2
fi

# --- report -----------------------------------------------------------------------------------
echo
echo "$SCALE_PORTS nginx ports (1 worker), interval 1 s, window ${SCALE_SECONDS} s after ${SCALE_WARMUP} s warm-up; $(nproc) CPUs; libcurl $(curl-config --version | cut -d' ' -f2)"
echo
echo "| client | endpoints | probes/s | conn/1k probes | CPU s | CPU ms/1k probes | peak RSS | lateness p50 ms | p99 ms | max ms | load avg |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
printf '%s\n' "${rows[@]}"

echo
for n in $SCALE_N; do
  awk -v n="$n" -v e="${cpu_of[ethotop:$n]}" -v c="${cpu_of[floor:$n]:--}" -v b="${cpu_of[blackbox:$n]:--}" \
    -v p99="${p99_of[ethotop:$n]}" -v rss="${rss_of[ethotop:$n]}" 'BEGIN {
    printf "goals at %d endpoints (median CPU/probe of the rounds): lateness p99 %s ms (< 50: %s); RSS %d MB (< 200: %s)", n, p99, (p99 < 50 ? "met" : "NOT met"), rss, (rss < 200 ? "met" : "NOT met")
    if (c != "-" && c > 0) printf "; CPU %.2f× the C floor (≤ 1.5: %s)", e / c, (e / c <= 1.5 ? "met" : "NOT met")
    if (b != "-" && e > 0) printf "; blackbox_exporter %.1f× ethotop (≥ 20: %s)", b / e, (b / e >= 20 ? "met" : "NOT met")
    printf "\n" }'
done
if [ "$SCALE_HANG" != 0 ]; then
  echo "hang run: $(cat "$work/hang.txt")"
  echo "with $SCALE_HANG of $n endpoints hanging: lateness p99 ${p99_of[hang:$n]} ms (< 50: $(awk -v p="${p99_of[hang:$n]}" 'BEGIN { print (p < 50 ? "met" : "NOT met") }')), RSS ${rss_of[hang:$n]} MB"
fi
