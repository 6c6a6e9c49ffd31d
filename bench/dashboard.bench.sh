#!/usr/bin/env bash
# Dashboard benchmarks (docs/BENCHMARKS.md, "## Dashboard"):
#   1. frame cost: layout + render + paint diff for 10,000 endpoints with 40 visible rows
#      (DashboardBench frame, no terminal);
#   2. keypress-to-screen latency through tmux: send `?`, poll capture-pane until the help
#      overlay shows (and `?` again until it is gone), against 40 live endpoints and against
#      1,000 endpoints that hang;
#   3. bytes written to the terminal per second at 80x24 and 200x60 with 40 endpoints changing
#      every second, next to htop at the same sizes, both captured with tmux pipe-pane.
# Needs a release build (make bench does it), tmux and htop (make bench-deps).
# DURATION (seconds, default 30) sets how long each bytes/s capture runs.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=$(swift build -c release --show-bin-path)
DURATION=${DURATION:-30}
for tool in tmux htop; do
  command -v "$tool" >/dev/null || { echo "dashboard.bench.sh: $tool is missing (make bench-deps)" >&2; exit 1; }
done
for exe in ethotop DashboardBench; do
  [ -x "$BIN/$exe" ] || { echo "dashboard.bench.sh: $BIN/$exe missing (swift build -c release)" >&2; exit 1; }
done

WORK=$(mktemp -d /tmp/ethotop-bench-XXXXXX)
mkdir -p "$WORK/home" "$WORK/config" "$WORK/state"
export TMUX_TMPDIR=$WORK
# One tmux server per phase: killing a server's last session makes it exit, and a client
# racing that exit fails ("server exited unexpectedly").
SOCK=ethotop-bench-$$-keys
TM=(tmux -L "$SOCK" -f /dev/null)
SOCK_BYTES=ethotop-bench-$$-bytes
SERVERS=()
cleanup() {
  for socket in "$SOCK" "$SOCK_BYTES"; do tmux -L "$socket" kill-server 2>/dev/null || true; done
  for pid in "${SERVERS[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

# A clean environment for the programs under test: no user config, no leaked state.
CLEAN=(env -i TERM=tmux-256color LANG=C.UTF-8 HOME="$WORK/home" XDG_CONFIG_HOME="$WORK/config"
  XDG_STATE_HOME="$WORK/state" PATH=/usr/bin:/bin)

start() { # session width height command...
  local name=$1 width=$2 height=$3
  shift 3
  "${TM[@]}" new-session -d -s "$name" -x "$width" -y "$height" "$@"
}

wait_for() { # session text
  local deadline=$((SECONDS + 30))
  until "${TM[@]}" capture-pane -p -t "$1" | grep -qF -- "$2"; do
    [ $SECONDS -lt $deadline ] || { echo "timed out waiting for '$2' in $1" >&2; exit 1; }
    sleep 0.05
  done
}

serve() { # config endpoints [serve options...]
  local config=$1
  shift
  "$BIN/DashboardBench" serve --config "$config" "$@" >/dev/null &
  SERVERS+=($!)
  local deadline=$((SECONDS + 30))
  until [ -f "$config" ]; do
    [ $SECONDS -lt $deadline ] || { echo "no config from DashboardBench serve" >&2; exit 1; }
    sleep 0.05
  done
}

echo "Machine: $(nproc) cores, $(uname -sr); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "### Frame cost (layout + render + paint diff, no terminal)"
echo
"$BIN/DashboardBench" frame
echo

serve "$WORK/live40.yaml" --endpoints 40 --path '/delay?min=1&max=40' --interval 1s --refresh 1s
serve "$WORK/hang1000.yaml" --endpoints 1000 --path /hang --interval 1s --timeout 30s --refresh 1s

echo "### Keypress to screen (tmux send-keys → capture-pane shows the change)"
echo
start kp-live 100 30 "${CLEAN[@]}" "$BIN/ethotop" --config "$WORK/live40.yaml"
start kp-hang 100 30 "${CLEAN[@]}" "$BIN/ethotop" --config "$WORK/hang1000.yaml"
start kp-htop 100 30 "${CLEAN[@]}" htop -d 10
wait_for kp-live "ep-0000"
wait_for kp-hang "ep-0"
wait_for kp-htop "PID"
echo "| dashboard | samples | p50 | p99 | max | one capture-pane (resolution) |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
"$BIN/DashboardBench" keypress --socket "$SOCK" --target kp-live --samples 200 \
  --label "40 endpoints, changing every second"
"$BIN/DashboardBench" keypress --socket "$SOCK" --target kp-hang --samples 200 \
  --label "1,000 endpoints, every probe hanging"
"$BIN/DashboardBench" keypress --socket "$SOCK" --target kp-htop --samples 200 \
  --key h --shown "Released under the GNU GPL" --ready PID --label "htop 3 help screen (baseline)"
"${TM[@]}" kill-server
SOCK=$SOCK_BYTES
TM=(tmux -L "$SOCK" -f /dev/null)
echo

echo "### Bytes written to the terminal (tmux pipe-pane, ${DURATION} s after a 3 s warm-up)"
echo
SESSIONS=()
for size in 80x24 200x60; do
  width=${size%x*}
  height=${size#*x}
  start "eth1-$size" "$width" "$height" "${CLEAN[@]}" "$BIN/ethotop" --config "$WORK/live40.yaml" --refresh 1s
  start "eth250-$size" "$width" "$height" "${CLEAN[@]}" "$BIN/ethotop" --config "$WORK/live40.yaml" --refresh 250ms
  start "htop-$size" "$width" "$height" "${CLEAN[@]}" htop -d 10
  SESSIONS+=("eth1-$size" "eth250-$size" "htop-$size")
done
for session in "${SESSIONS[@]}"; do
  case $session in htop-*) wait_for "$session" "PID" ;; *) wait_for "$session" "ep-0" ;; esac
done
sleep 3 # warm-up: the first full paint is not steady state
for session in "${SESSIONS[@]}"; do
  "${TM[@]}" pipe-pane -o -t "$session" "cat > '$WORK/$session.out'"
done
sleep "$DURATION" # the measurement window itself
for session in "${SESSIONS[@]}"; do "${TM[@]}" pipe-pane -t "$session"; done
sleep 0.2 # let the pipes' cat processes flush and exit

echo "| program | size | refresh | bytes in ${DURATION} s | bytes/s | vs htop |"
echo "| --- | --- | --- | ---: | ---: | ---: |"
for size in 80x24 200x60; do
  htop_bytes=$(wc -c <"$WORK/htop-$size.out")
  for session in "eth1-$size" "eth250-$size" "htop-$size"; do
    bytes=$(wc -c <"$WORK/$session.out")
    case $session in
      eth1-*) program="ethotop (40 endpoints)" refresh="1 s" ;;
      eth250-*) program="ethotop (40 endpoints)" refresh="250 ms" ;;
      htop-*) program="htop 3 (-d 10)" refresh="1 s" ;;
    esac
    ratio=$(awk -v a="$bytes" -v b="$htop_bytes" 'BEGIN { if (b > 0) printf "%.2f×", a / b; else print "-" }')
    echo "| $program | ${size/x/×} | $refresh | $bytes | $((bytes / DURATION)) | $ratio |"
  done
done
echo
echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
