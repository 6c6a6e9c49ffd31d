#!/usr/bin/env bash
# History benchmark (docs/BENCHMARKS.md "History"): what recording costs per second at N
# endpoints (the recorder's diff of one snapshot, and writing N/10 bucket rows through the real
# store), the size of a week's steady state after rollups, one rollup step, and the report behind
# `ethotop history --since 24h`. Synthetic snapshots, a real SQLite file in HISTORY_DIR.
#   HISTORY_N="1000 10000" HISTORY_DIR=/tmp bash bench/history.bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product HistoryBench >/dev/null
bin="$(swift build -c release --show-bin-path)/HistoryBench"
dir="${HISTORY_DIR:-$(mktemp -d)}"
for n in ${HISTORY_N:-1000 10000}; do
  "$bin" "$n" "$dir"
  ls -l "$dir/bench-$n.db"
  rm -f "$dir/bench-$n.db" "$dir/bench-$n.db-wal" "$dir/bench-$n.db-shm"
  echo
done
