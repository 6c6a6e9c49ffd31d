#!/usr/bin/env bash
# Agent benchmark: `ethotop serve` (release) watching N endpoints on one local nginx (as
# bench/scale.bench.sh: every endpoint probed every 1 s, refresh 1 s), with 0 and then C stream
# clients attached to /v1/stream over the Unix socket. For each (N, clients):
#   lateness p99   the agent's scheduler.lateness_ms_p99 (GET /v1/snapshot at the end of the window)
#   CPU/1k probes  the agent's user+sys (/proc/PID/stat) over the window, per 1,000 probes served
#                  by nginx in the window (stub_status)
#   bytes/s/client what each stream client received over the window, divided by the window
#   RSS            the agent's VmRSS at the end of the window
# The clients are small Python readers that count bytes (their CPU is not counted, but they share
# the machine's cores with the agent).
#
#   bash bench/agent.bench.sh
#   AGENT_N="1000 10000" AGENT_CLIENTS="0 8" AGENT_SECONDS=30 AGENT_WARMUP=10 bash bench/agent.bench.sh
#   AGENT_BUILD=debug bash bench/agent.bench.sh     # the debug build (no release build needed)
set -euo pipefail
cd "$(dirname "$0")/.."

AGENT_N=${AGENT_N:-"1000 10000"}
AGENT_CLIENTS=${AGENT_CLIENTS:-"0 8"}
AGENT_SECONDS=${AGENT_SECONDS:-30}
AGENT_WARMUP=${AGENT_WARMUP:-10}
AGENT_PORTS=${AGENT_PORTS:-8}
AGENT_BUILD=${AGENT_BUILD:-release}

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_ports() {
  local want=$1 got=0 p
  for p in $(seq 18100 18999); do
    [ "$got" -ge "$want" ] && break
    if ! listening "$p" && ! grep -qx "$p" "$work/used_ports" 2>/dev/null; then echo "$p"; echo "$p" >>"$work/used_ports"; got=$((got + 1)); fi
  done
}
wait_listening() { for _ in $(seq 1 200); do listening "$1" && return 0; sleep 0.05; done; return 1; }

swift build -c "$AGENT_BUILD" --product ethotop >/dev/null
bin=$(swift build -c "$AGENT_BUILD" --show-bin-path)

mapfile -t ports < <(free_ports "$AGENT_PORTS")
status_port=$(free_ports 1)
port_list=$(IFS=,; echo "${ports[*]}")
gen() { python3 bench/gen_config.py scale --ports "$port_list" --status-port "$status_port" "$@"; }
gen --n 1 --dir "$work/nginx-conf"
ulimit -n 65536 2>/dev/null || true
user_directive=""; [ "$(id -u)" = 0 ] && user_directive="user root;"
nginx -p "$work/nginx-conf/nginx" -c "$work/nginx-conf/nginx.conf" ${user_directive:+-g "$user_directive"} \
  2>"$work/nginx.log" &
pids+=($!)
wait_listening "$status_port" || { echo "agent.bench: nginx did not start"; cat "$work/nginx.log"; exit 1; }

tck=$(getconf CLK_TCK)
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
served() { curl -s "http://127.0.0.1:$status_port/" | awk 'NR == 3 { print $3 }'; }
rss_kb() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status"; }

# A stream client: reads /v1/stream and writes the byte count so far to FILE every 200 ms.
cat >"$work/reader.py" <<'EOF'
import socket, sys, time
path, out = sys.argv[1], sys.argv[2]
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(path)
s.sendall(b"GET /v1/stream HTTP/1.1\r\nHost: agent\r\n\r\n")
total, last = 0, 0.0
while True:
    data = s.recv(1 << 20)
    if not data:
        break
    total += len(data)
    now = time.monotonic()
    if now - last > 0.2:
        with open(out + ".tmp", "w") as f:
            f.write(str(total))
        import os
        os.replace(out + ".tmp", out)
        last = now
EOF

printf '%-7s %-8s %-14s %-14s %-16s %-10s %s\n' N clients "lateness p99" "CPU/1k probes" "bytes/s/client" "RSS MiB" "load"
for n in $AGENT_N; do
  gen --n "$n" --dir "$work/cfg-$n" --interval 1s >/dev/null
  sed -i '1a refresh: 1s' "$work/cfg-$n/ethotop.yaml"
  for clients in $AGENT_CLIENTS; do
    sock="$work/agent-$n-$clients.sock"
    env XDG_STATE_HOME="$work/state" HOME="$work" "$bin/ethotop" serve --config "$work/cfg-$n/ethotop.yaml" \
      --metrics-listen 127.0.0.1:0 --control "unix:$sock" >"$work/serve.log" 2>&1 &
    agent=$!
    pids+=("$agent")
    for _ in $(seq 1 600); do [ -S "$sock" ] && break; sleep 0.05; done
    readers=()
    for i in $(seq 1 "$clients"); do
      python3 "$work/reader.py" "$sock" "$work/bytes-$i" &
      readers+=($!)
      pids+=($!)
    done
    sleep "$AGENT_WARMUP"
    c0=$(cpu_ticks "$agent"); p0=$(served)
    b0=(); for i in $(seq 1 "$clients"); do b0+=("$(cat "$work/bytes-$i" 2>/dev/null || echo 0)"); done
    sleep "$AGENT_SECONDS"
    c1=$(cpu_ticks "$agent"); p1=$(served)
    bsum=0
    for i in $(seq 1 "$clients"); do
      b1=$(cat "$work/bytes-$i" 2>/dev/null || echo 0)
      bsum=$((bsum + b1 - ${b0[$((i - 1))]}))
    done
    p99=$(curl -s --unix-socket "$sock" http://agent/v1/snapshot | python3 -c 'import json,sys; print(json.load(sys.stdin)["scheduler"]["lateness_ms_p99"])')
    rss=$(rss_kb "$agent")
    probes=$((p1 - p0))
    cpu_per=$(awk -v a="$c0" -v b="$c1" -v t="$tck" -v p="$probes" 'BEGIN { if (p > 0) printf "%.1f ms", (b - a) / t * 1000 * 1000 / p; else print "-" }')
    bps=$(awk -v b="$bsum" -v c="$clients" -v s="$AGENT_SECONDS" 'BEGIN { if (c > 0) printf "%.0f KB/s", b / c / s / 1000; else print "-" }')
    printf '%-7s %-8s %-14s %-14s %-16s %-10s %s\n' "$n" "$clients" "${p99} ms" "$cpu_per" "$bps" \
      "$(awk -v r="$rss" 'BEGIN { printf "%.0f", r / 1024 }')" "$(cut -d' ' -f1-3 /proc/loadavg)"
    for pid in "${readers[@]}"; do kill "$pid" 2>/dev/null || true; done
    kill "$agent"; wait "$agent" 2>/dev/null || true
    rm -f "$work"/bytes-*
  done
done
