#!/usr/bin/env bash
# Runs every benchmark in bench/ in turn; each prints its table and ratio against a peer.
set -euo pipefail
cd "$(dirname "$0")/.."
for b in bench/*.bench.sh; do
  [ -e "$b" ] || continue
  echo "== $b"
  bash "$b"
done
