#!/usr/bin/env bash
# Resilience hot paths (issue 2, "Performance"; recorded in docs/BENCHMARKS.md).
#
# Builds ResilienceBench in release, measures the peers (a C pthread mutex loop compiled here,
# Python's pybreaker from PyPI in a venv under .build/), counts instructions per operation with
# callgrind, then runs the Swift rows and prints one Markdown table with ratios to the floor.
#
#   bash bench/resilience.bench.sh            # all of it (~1–2 min, most of it callgrind)
#   RUNS=21 CALLGRIND=0 PYBREAKER=0 bash bench/resilience.bench.sh
#
# Wall-time figures on a shared 2-core machine are noisy: read "best" (interference only adds
# time) and the instruction counts (repeatable to a few instructions whatever the load).
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-11}
CALLGRIND=${CALLGRIND:-1}
PYBREAKER=${PYBREAKER:-1}
OUT=bench/out/resilience
mkdir -p "$OUT"

swift build -c release --product ResilienceBench >"$OUT/build.log" 2>&1 || { cat "$OUT/build.log"; exit 1; }
BIN="$(swift build -c release --show-bin-path)/ResilienceBench"

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
family=$(grep -m1 'cpu family' /proc/cpuinfo | cut -d: -f2 | tr -d ' ')
grep -qw hypervisor /proc/cpuinfo && guest=", virtual machine" || guest=""
cpu="$cpu (family ${family:-?}$guest)"
echo "machine: $(nproc) cores, ${cpu:-unknown CPU}, $(awk '/^MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
echo "kernel: $(uname -r); $(swift --version 2>/dev/null | head -1)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

peers=()
add_peers() { while IFS= read -r line; do [ -n "$line" ] && peers+=(--peer "$line"); done; }

# The C floor: glibc's pthread mutex, the lock every C server takes.
if command -v cc >/dev/null; then
  cc -O2 -pthread bench/peers/mutex_floor.c -o "$OUT/mutex_floor"
  add_peers < <("$OUT/mutex_floor" "$RUNS")
else
  echo "C peer: skipped (no cc; make bench-deps installs gcc)"
fi

# pybreaker: the best-known Python breaker, for scale.
if [ "$PYBREAKER" = 1 ] && command -v python3 >/dev/null; then
  venv=.build/bench-venv
  if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import pybreaker' 2>/dev/null; then
    { python3 -m venv "$venv" && "$venv/bin/pip" install -q pybreaker; } >"$OUT/pip.log" 2>&1 \
      || echo "pybreaker: skipped (could not install from PyPI, see $OUT/pip.log)"
  fi
  if "$venv/bin/python" -c 'import pybreaker' 2>/dev/null; then
    add_peers < <("$venv/bin/python" bench/peers/pybreaker_peer.py "$RUNS")
  fi
fi

# Instructions per operation: two runs of fixed N under callgrind, the difference divided by
# the difference in N, so start-up and setup cancel out. Two-thread rows are left out
# (valgrind runs one thread at a time, so they would count spinning, not contention).
instructions=()
if [ "$CALLGRIND" = 1 ] && command -v valgrind >/dev/null; then
  collected() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null \
      "$BIN" --only "$1" --iterations "$2" --runs 1 --no-warmup 2>&1 >/dev/null \
      | awk '/Collected :/ {print $NF}' || true # a case valgrind cannot run gets no count
  }
  small=10000 large=50000
  for id in $("$BIN" --list | cut -f1 | grep -v '\.2t$'); do
    a=$(collected "$id" $small) b=$(collected "$id" $large)
    if [ -n "$a" ] && [ -n "$b" ]; then
      instructions+=(--instructions "$id=$(awk -v a="$a" -v b="$b" -v d=$((large - small)) 'BEGIN {printf "%.0f", (b - a) / d}')")
    fi
  done
else
  echo "instruction counts: skipped (CALLGRIND=0 or no valgrind)"
fi

echo "command: bash bench/resilience.bench.sh (RUNS=$RUNS; each run calibrated to ~20 ms)"
echo
"$BIN" --runs "$RUNS" "${peers[@]}" "${instructions[@]}" 2>"$OUT/progress.log" | tee "$OUT/table.md"
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
