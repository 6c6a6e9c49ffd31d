#!/usr/bin/env bash
# The installed binary: its size (as built, stripped, in the tarball) and its start-up time, the
# static-runtime binary of `make dist` against the dynamically linked `swift build -c release` one.
#
#   bash bench/dist.bench.sh             (RUNS=N for hyperfine's --runs, default 50)
#
# Start-up is `ethotop --version` (process start, Swift runtime and Foundation initialisation,
# argument parsing) and `ethotop check --config examples/config.yaml` (plus reading, parsing and
# validating a real config), both with warm caches. Results: docs/BENCHMARKS.md, "Installed binary".
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-50}
command -v hyperfine >/dev/null || { echo "dist.bench: hyperfine is missing (apt-get install hyperfine)" >&2; exit 1; }

make --no-print-directory dist >/dev/null
name=$(ls -t .build/dist/ethotop-*-linux-*.tar.gz | head -n 1)
staged=.build/dist/$(basename "$name" .tar.gz)/bin/ethotop
out=bench/out/dist
mkdir -p "$out"
cp "$(swift build -c release --static-swift-stdlib --product ethotop --scratch-path .build/static \
    --show-bin-path)/ethotop" "$out/ethotop-static"

# The dynamically linked release binary of `make release` (.build/release; the static one has
# .build/static, as a change of --static-swift-stdlib recompiles every module).
swift build -c release --product ethotop >/dev/null
cp "$(swift build -c release --show-bin-path)/ethotop" "$out/ethotop-dynamic"
strip -o "$out/ethotop-dynamic-stripped" "$out/ethotop-dynamic"

size() { stat -c %s "$1" | awk '{printf "%.1f MB", $1 / 1e6}'; }
swift_libs() { ldd "$1" | grep -c -i "swift\|Foundation\|dispatch\|BlocksRuntime" || true; }
echo
echo "| binary | size | libraries (ldd) | from the Swift toolchain |"
echo "| --- | --- | --- | --- |"
echo "| static runtime, as built | $(size "$out/ethotop-static") | $(ldd "$out/ethotop-static" | grep -c '=>') | $(swift_libs "$out/ethotop-static") |"
echo "| static runtime, stripped (installed) | $(size "$staged") | $(ldd "$staged" | grep -c '=>') | $(swift_libs "$staged") |"
echo "| the tarball | $(size "$name") | | |"
echo "| dynamic runtime, as built | $(size "$out/ethotop-dynamic") | $(ldd "$out/ethotop-dynamic" | grep -c '=>') | $(swift_libs "$out/ethotop-dynamic") |"
echo "| dynamic runtime, stripped | $(size "$out/ethotop-dynamic-stripped") | | |"
toolchain_bytes=$(ldd "$out/ethotop-dynamic" | awk '$3 ~ /swift/ {print $3}' | xargs -r stat -L -c %s \
    | awk '{sum += $1} END {printf "%.1f MB", sum / 1e6}')
echo "| + the toolchain's .so files it loads | $toolchain_bytes | | |"
echo

hyperfine --warmup 5 --runs "$RUNS" --export-markdown "$out/startup.md" -N \
    -n "static --version" "$staged --version" \
    -n "dynamic --version" "$out/ethotop-dynamic-stripped --version" \
    -n "static check" "$staged check --config examples/config.yaml" \
    -n "dynamic check" "$out/ethotop-dynamic-stripped check --config examples/config.yaml"
cat "$out/startup.md"
