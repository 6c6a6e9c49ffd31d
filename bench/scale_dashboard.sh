#!/usr/bin/env bash
# The dashboard at N endpoints (default 10,000) of which H (default 1,000) hang: keypress-to-screen
# latency through tmux while the engine polls them all every second, the cost of every frame the
# real process drew meanwhile (`--frame-stats`: build = filter/sort/layout/render, paint = diff +
# ncurses output, the dashboard thread's CPU time, and wall time), and the engine's lateness and
# probe rate, read from the dashboard's own header.
#
#   bash bench/scale_dashboard.sh
#   DASH_N=1000 DASH_HANG=100 DASH_PRESSES=10 bash bench/scale_dashboard.sh
#
# Not part of `make bench` (bench/dashboard.bench.sh measures frame cost and keypresses at 40 and
# 1,000 endpoints); this one is the scale issue's "10,000 endpoints while 1,000 hang".
set -euo pipefail
cd "$(dirname "$0")/.."

N=${DASH_N:-10000}
HANG=${DASH_HANG:-1000}
PRESSES=${DASH_PRESSES:-20}
WARMUP=${DASH_WARMUP:-20}

swift build -c release --product ethotop >/dev/null
swift build -c release --product ChaosServe >/dev/null
bin=$(swift build -c release --show-bin-path)
work=$(mktemp -d)
sock=ethotop-scale-dash-$$
pids=()
cleanup() {
  tmux -L "$sock" kill-server 2>/dev/null || true
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_ports() { local want=$1 p; for p in $(seq 18600 18999); do [ "$want" -le 0 ] && break; listening "$p" || { echo "$p"; want=$((want - 1)); }; done; }
wait_listening() { for _ in $(seq 1 200); do listening "$1" && return 0; sleep 0.05; done; return 1; }

mapfile -t ports < <(free_ports 10)
status_port=${ports[8]}
chaos_port=${ports[9]}
port_list=$(IFS=,; echo "${ports[*]:0:8}")
ulimit -n 65536 2>/dev/null || true
"$bin/ChaosServe" --port "$chaos_port" >"$work/chaos.log" 2>&1 &
pids+=($!)
python3 bench/gen_config.py scale --n "$N" --ports "$port_list" --status-port "$status_port" --dir "$work" \
  --hang "$HANG" --hang-url "http://127.0.0.1:$chaos_port/hang"
user_directive=""; [ "$(id -u)" = 0 ] && user_directive="user root;"
nginx -p "$work/nginx" -c "$work/nginx.conf" ${user_directive:+-g "$user_directive"} 2>"$work/nginx.log" &
pids+=($!)
wait_listening "$status_port" && wait_listening "$chaos_port"

mkdir -p "$work/state" "$work/home"
tmux -L "$sock" -f /dev/null new-session -d -s dash -x 200 -y 60 \
  env -i TERM=tmux-256color LANG=C.UTF-8 HOME="$work/home" XDG_STATE_HOME="$work/state" PATH=/usr/bin:/bin \
  "$bin/ethotop" --config "$work/ethotop.yaml" --frame-stats "$work/frames.json"
screen() { tmux -L "$sock" capture-pane -p -t dash; }
wait_for() {  # present|absent text
  local deadline=$((SECONDS + 30))
  while :; do
    if screen | grep -qF -- "$2"; then [ "$1" = present ] && return 0; else [ "$1" = absent ] && return 0; fi
    [ $SECONDS -lt $deadline ] || { echo "scale_dashboard: timed out waiting for '$2' ($1)" >&2; screen >&2; exit 1; }
    sleep 0.005
  done
}
wait_for present "e00000"
sleep "$WARMUP"
pid=$(pgrep -f "^$bin/ethotop --config $work/ethotop.yaml" | head -1)
c0=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
t0=$(date +%s.%N)

# `?` opens the help overlay and closes it again; time each until the screen shows it.
: >"$work/latency"
for _ in $(seq 1 "$PRESSES"); do
  for state in present absent; do
    start=$(date +%s%N)
    tmux -L "$sock" send-keys -t dash '?'
    wait_for "$state" "Breakers (selected endpoint)"
    echo $(( ($(date +%s%N) - start) / 1000 )) >>"$work/latency"
  done
  sleep 0.5
done
c1=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
t1=$(date +%s.%N)
header=$(screen | head -3)
rss=$(awk '/^VmHWM/ { print $2 }' "/proc/$pid/status")
sort -n "$work/latency" | awk -v n="$N" -v h="$HANG" -v c0="$c0" -v c1="$c1" -v t0="$t0" -v t1="$t1" -v rss="$rss" \
  -v tck="$(getconf CLK_TCK)" -v load="$(cut -d' ' -f1-3 /proc/loadavg)" '
  { v[NR] = $1 / 1000 }
  END {
    p90 = int(NR * 0.9) + 1; if (p90 > NR) p90 = NR
    printf "dashboard, %d endpoints (%d hanging), 200x60: keypress-to-screen p50 %.1f ms, p90 %.1f ms, max %.1f ms over %d key presses;", n, h, v[int(NR / 2) + 1], v[p90], v[NR], NR
    printf " ethotop CPU %.2f cores meanwhile, peak RSS %d MB; load %s\n", (c1 - c0) / tck / (t1 - t0), rss / 1024, load }'
echo "header: $header" | tr -s ' '
# Quit with q: the dashboard writes its frame costs on the way out.
tmux -L "$sock" send-keys -t dash q
for _ in $(seq 1 600); do [ -s "$work/frames.json" ] && break; sleep 0.05; done
python3 - "$work/frames.json" <<'PY'
import json, sys
f = json.load(open(sys.argv[1]))
part = lambda k: "p50 %.2f / p99 %.2f / max %.2f ms" % (f[k]["p50"], f[k]["p99"], f[k]["max"])
print("frames drawn: %d; build CPU %s; paint CPU %s; frame CPU %s; frame wall %s" % (
    f["frames"], part("build_cpu_ms"), part("paint_cpu_ms"), part("frame_cpu_ms"), part("frame_wall_ms")))
PY
