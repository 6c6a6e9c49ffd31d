#!/usr/bin/env bash
# `ethotop attach` against an agent (`ethotop serve`) watching N endpoints (default 10,000) on
# nginx, refresh 1 s:
#   1. time to first full frame: from starting `ethotop attach` in tmux until its table shows
#      the agent's rows (R runs);
#   2. bytes per second a screen receives: the agent's /v1/stream over loopback TCP with a token,
#      counted by curl for S seconds after the first snapshot line;
#   3. keypress on screen A (`o`: force open / release e00000) -> that row's state changing on
#      screen B, both attached over the Unix socket (P presses).
#
#   bash bench/scale_attach.sh
#   ATTACH_N=1000 ATTACH_PRESSES=10 bash bench/scale_attach.sh
#
# Not part of `make bench`; figures and the command are in docs/BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."

N=${ATTACH_N:-10000}
RUNS=${ATTACH_RUNS:-5}
STAGES=${ATTACH_STAGES:-123}
PRESSES=${ATTACH_PRESSES:-20}
SECONDS_STREAMED=${ATTACH_STREAM_SECONDS:-20}

# ATTACH_BIN=DIR runs an ethotop already built there (e.g. a debug build, for a functional check).
if [ -n "${ATTACH_BIN:-}" ]; then
  bin=$ATTACH_BIN
else
  swift build -c release --product ethotop >/dev/null
  bin=$(swift build -c release --show-bin-path)
fi
work=$(mktemp -d)
sock=ethotop-attach-bench-$$
pids=()
cleanup() {
  tmux -L "$sock" kill-server 2>/dev/null || true
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_ports() { local want=$1 p; for p in $(seq 18600 18999); do [ "$want" -le 0 ] && break; listening "$p" || { echo "$p"; want=$((want - 1)); }; done; }
wait_listening() { for _ in $(seq 1 400); do listening "$1" && return 0; sleep 0.05; done; return 1; }

mapfile -t ports < <(free_ports 11)
status_port=${ports[8]}
control_port=${ports[9]}
metrics_port=${ports[10]}
port_list=$(IFS=,; echo "${ports[*]:0:8}")
ulimit -n 65536 2>/dev/null || true
python3 bench/gen_config.py scale --n "$N" --ports "$port_list" --status-port "$status_port" --dir "$work"
sed -i '1a refresh: 1s' "$work/ethotop.yaml"
user_directive=""; [ "$(id -u)" = 0 ] && user_directive="user root;"
nginx -p "$work/nginx" -c "$work/nginx.conf" ${user_directive:+-g "$user_directive"} 2>"$work/nginx.log" &
pids+=($!)
wait_listening "$status_port"

mkdir -p "$work/state" "$work/home"
token=bench-token-$RANDOM-$RANDOM-$RANDOM-$$
echo "bench:$token" >"$work/tokens"; chmod 600 "$work/tokens"
echo "$token" >"$work/token"; chmod 600 "$work/token"
control="$work/control.sock"
env -i HOME="$work/home" XDG_STATE_HOME="$work/state" PATH=/usr/bin:/bin \
  "$bin/ethotop" serve --config "$work/ethotop.yaml" --metrics-listen "127.0.0.1:$metrics_port" \
  --control "unix:$control" --control "127.0.0.1:$control_port" --token-file "$work/tokens" \
  >"$work/serve.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 1200); do listening "$control_port" && break; sleep 0.05; done
listening "$control_port" || { echo "scale_attach: the agent did not listen:" >&2; cat "$work/serve.log" >&2; exit 1; }
# Let the agent's estate warm up: every endpoint probed and in its window.
sleep 10

env_screen=(env -i TERM=tmux-256color LANG=C.UTF-8 HOME="$work/home" XDG_STATE_HOME="$work/state" PATH=/usr/bin:/bin)
screen() { tmux -L "$sock" capture-pane -p -t "$1"; }
wait_for() {  # session present|absent text
  local deadline=$((SECONDS + 60))
  while :; do
    if screen "$1" | grep -qF -- "$3"; then [ "$2" = present ] && return 0; else [ "$2" = absent ] && return 0; fi
    [ $SECONDS -lt $deadline ] || { echo "scale_attach: timed out waiting for '$3' ($2) on $1" >&2; screen "$1" >&2; [ "$1" = b ] && screen a >&2; exit 1; }
    sleep 0.005
  done
}

# 1. Time to first full frame.
if [[ $STAGES == *1* ]]; then
: >"$work/first"
for run in $(seq 1 "$RUNS"); do
  start=$(date +%s%N)
  tmux -L "$sock" -f /dev/null new-session -d -s "first$run" -x 200 -y 60 \
    "${env_screen[@]}" "$bin/ethotop" attach "unix:$control" --refresh 100ms
  wait_for "first$run" present "e00000"
  echo $(( ($(date +%s%N) - start) / 1000 )) >>"$work/first"
  tmux -L "$sock" send-keys -t "first$run" q
  sleep 1
done
sort -n "$work/first" | awk -v n="$N" '{ v[NR] = $1 / 1000 } END {
  printf "attach, %d endpoints: time to first full frame p50 %.0f ms, max %.0f ms over %d runs (tmux start included)\n", n, v[int(NR / 2) + 1], v[NR], NR }'
fi

# 2. Bytes per second one screen receives over TCP.
if [[ $STAGES == *2* ]]; then
curl -sN -H "Authorization: Bearer $token" "http://127.0.0.1:$control_port/v1/stream" \
  --max-time $((SECONDS_STREAMED + 5)) >"$work/stream" || true
python3 - "$work/stream" "$SECONDS_STREAMED" "$N" <<'PY'
import json, sys
lines = open(sys.argv[1], "rb").read().split(b"\n")
seconds, n = int(sys.argv[2]), int(sys.argv[3])
snaps = [l for l in lines if l.startswith(b'{"endpoints"')]
events = [l for l in lines if b'"type":"event"' in l]
# The first snapshot is the resync burst; the steady rate is what the later ones add per second.
steady = snaps[1:]
total = sum(len(l) + 1 for l in steady) + sum(len(l) + 1 for l in events)
per_s = total / max(1, len(steady))
print("stream over TCP, %d endpoints, refresh 1 s: %d snapshot lines in %d s, %.1f MB per snapshot line, "
      "%.1f MB/s per screen (goal 0.1 MB/s: %.0fx over); %d event lines" % (
          n, len(snaps), seconds + 5, (len(snaps[0]) if snaps else 0) / 1e6, per_s / 1e6, per_s / 1e5, len(events)))
PY
fi

# 3. Keypress on A -> the changed breaker on B, both filtered to e00000.
[[ $STAGES == *3* ]] || exit 0
for s in a b; do
  tmux -L "$sock" -f /dev/null new-session -d -s "$s" -x 200 -y 60 \
    "${env_screen[@]}" "$bin/ethotop" attach "unix:$control" --refresh 100ms
  wait_for "$s" present "e00000"
  tmux -L "$sock" send-keys -t "$s" / e00000 Enter
  wait_for "$s" absent "e00001"
done
: >"$work/latency"
for _ in $(seq 1 "$PRESSES"); do
  for state in present absent; do
    start=$(date +%s%N)
    tmux -L "$sock" send-keys -t a o
    wait_for b "$state" "FORCED"
    echo $(( ($(date +%s%N) - start) / 1000 )) >>"$work/latency"
    # `o` releases only a breaker A already shows forced: let A catch up before the next press.
    wait_for a "$state" "FORCED"
  done
done
sort -n "$work/latency" | awk -v n="$N" -v load="$(cut -d' ' -f1-3 /proc/loadavg)" '{ v[NR] = $1 / 1000 } END {
  p99 = int(NR * 0.99) + 1; if (p99 > NR) p99 = NR
  printf "keypress on screen A -> breaker changed on screen B, %d endpoints: p50 %.0f ms, p99 %.0f ms, max %.0f ms over %d presses; load %s\n", n, v[int(NR / 2) + 1], v[p99], v[NR], NR, load }'
