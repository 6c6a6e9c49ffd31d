#!/usr/bin/env bash
# The dist tarball on a host without Swift: a clean Debian root made by debootstrap with only
# libcurl4, libncursesw6 and libsqlite3-0 added to the minimal base, the tarball unpacked into its /usr/local,
# and the real binary run inside it (chroot) against a ChaosServer on the host's loopback, which
# the chroot shares:
#
#   1. nothing the binary loads is missing or comes from a Swift toolchain (ldd in the root);
#   2. `ethotop --version`, `check` on a good config, on the shipped example and on a bad one;
#   3. `ethotop snapshot` (json and table) probing the ChaosServer through the root's libcurl;
#   4. the dashboard in tmux (tmux on the host, `chroot ROOT ethotop …` in its pane), with a theme
#      that only the tarball provides, quit with `q`, and the terminal back to normal.
#
#   Tests/dist/run.sh TARBALL CHAOSSERVE
#
# Needs root (debootstrap, chroot, mount), debootstrap, tmux and jq (`make test-deps`). The root is
# cached in $DIST_ROOT_CACHE (default .build/dist-root) and rebuilt only when the suite or the
# package list changes, so a second run costs seconds. /proc and /dev are mounted into the root
# for the run and unmounted on every exit path.
set -euo pipefail

# The host's Debian release (the binary needs at least the glibc it was built against), else bookworm.
host_suite() { (. /etc/os-release && [ "${ID:-}" = debian ] && echo "${VERSION_CODENAME:-}") 2>/dev/null || true; }
SUITE=${DIST_SUITE:-$(host_suite)}
SUITE=${SUITE:-bookworm}
PACKAGES=libcurl4,libncursesw6,libsqlite3-0
# How long one condition may take before the test fails (seconds): generous, CI machines are slow.
PATIENCE=${DIST_PATIENCE:-60}

say() { printf 'test-dist: %s\n' "$*"; }
fail() {
    printf '\ntest-dist: FAIL: %s\n' "$1" >&2
    shift
    for detail in "$@"; do printf '%s\n' "$detail" | sed 's/^/    /' >&2; done
    exit 1
}

[ $# -eq 2 ] || fail "usage: Tests/dist/run.sh TARBALL CHAOSSERVE"
tarball=$(realpath "$1")
chaos_serve=$(realpath "$2")
[ -f "$tarball" ] || fail "no tarball at $1 (make dist builds it)"
[ -x "$chaos_serve" ] || fail "no ChaosServe binary at $2 (swift build builds it)"
[ "$(id -u)" = 0 ] || fail "needs root: debootstrap, chroot and mount do (CI runs make test as root)"
for tool in debootstrap tmux jq chroot mount umount mountpoint; do
    command -v "$tool" >/dev/null || fail "$tool is not installed (make test-deps installs it)"
done

repo=$(cd "$(dirname "$0")/../.." && pwd)
cache=${DIST_ROOT_CACHE:-$repo/.build/dist-root}
root=$cache/$SUITE
stamp=$root/.ethotop-dist-root
work=/tmp/ethotop-dist # inside the root
tmux_socket=ethotop-dist-$$
server_pid=
server_out=
tmux_dir=

# The mirror the host's apt uses (debian.sources or sources.list), else Debian's CDN.
mirror() {
    if [ -n "${DIST_MIRROR:-}" ]; then
        echo "$DIST_MIRROR"
        return
    fi
    local found
    found=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null \
        | sed -n 's/^URIs:[[:space:]]*\([^[:space:]]*\/debian\)\/\{0,1\}$/\1/p' | head -n 1)
    [ -n "$found" ] || found=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
        | sed -n 's/^deb[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\{0,1\}\([^[:space:]]*\/debian\)\/\{0,1\}[[:space:]].*/\2/p' \
        | head -n 1)
    echo "${found:-http://deb.debian.org/debian}"
}

mounted_under() { grep -F " $1" /proc/self/mountinfo | awk '{print $5}' | grep -F "$1" || true; }

# Processes whose root directory is the test root.
processes_in_root() {
    local process
    for process in /proc/[0-9]*; do
        [ "$(readlink "$process/root" 2>/dev/null)" != "$root" ] || echo "${process#/proc/}"
    done
}

# What each process in the root is doing: its state and every thread's name and wait channel.
describe_processes_in_root() {
    local pid task
    for pid in $(processes_in_root); do
        echo "pid $pid: $(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) ($(grep '^State' "/proc/$pid/status" 2>/dev/null))"
        for task in /proc/"$pid"/task/*; do
            echo "  thread ${task##*/} $(cat "$task/comm" 2>/dev/null): $(cat "$task/wchan" 2>/dev/null)"
        done
    done
}

unmount_root() {
    local point
    for point in dev proc; do
        if mountpoint -q "$root/$point" 2>/dev/null; then
            umount -R "$root/$point" 2>/dev/null || umount -R -l "$root/$point" \
                || say "could not unmount $root/$point"
        fi
    done
}

cleanup() {
    local status=$?
    [ -z "$tmux_dir" ] || TMUX_TMPDIR=$tmux_dir tmux -L "$tmux_socket" kill-server 2>/dev/null || true
    if [ -n "$server_pid" ]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    # A process still running in the root would keep its mounts busy: wait for it, briefly.
    local deadline=$((SECONDS + 10))
    while [ -n "$(processes_in_root)" ] && [ $SECONDS -lt $deadline ]; do
        sleep 0.1
    done
    unmount_root
    rm -f "$server_out"
    [ -z "$tmux_dir" ] || rm -rf "$tmux_dir"
    if [ $status -eq 0 ]; then say "PASS"; fi
    exit $status
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Polls `condition` (a shell command) every 100 ms until it succeeds or PATIENCE runs out.
eventually() {
    local what=$1 condition=$2 deadline=$((SECONDS + PATIENCE))
    until eval "$condition"; do
        [ $SECONDS -lt $deadline ] || return 1
        sleep 0.1
    done
    say "ok: $what"
}

# --- the clean root ---------------------------------------------------------------------------

make_root() {
    local started=$SECONDS log=$cache/debootstrap-$SUITE.log
    [ -z "$(mounted_under "$root")" ] || fail "something is still mounted under $root" \
        "$(mounted_under "$root")"
    mkdir -p "$cache"
    # --one-file-system: never follow a stale bind mount out of the root.
    rm -rf --one-file-system "${root:?}"
    say "debootstrap $SUITE (minbase + $PACKAGES) from $(mirror) into $root"
    if ! debootstrap --variant=minbase --include="$PACKAGES" "$SUITE" "$root" "$(mirror)" \
        >"$log" 2>&1; then
        fail "debootstrap failed; the root is left for inspection in $root" "$(tail -n 20 "$log")"
    fi
    rm -f "$root"/var/cache/apt/archives/*.deb
    echo "$SUITE $PACKAGES" >"$stamp"
    say "root ready in $((SECONDS - started)) s"
}

if [ "$(cat "$stamp" 2>/dev/null)" != "$SUITE $PACKAGES" ]; then
    make_root
else
    say "reusing the cached root $root"
fi
[ -z "$(mounted_under "$root/")" ] || fail "something is still mounted under $root" \
    "$(mounted_under "$root/")" "unmount it (umount -R) and run again"

in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=$work \
    LANG=C.UTF-8 TERM="${TERM_IN_ROOT:-dumb}" "$@"; }

# The root must be what a host without Swift looks like.
[ ! -e "$root/opt/swift" ] || fail "the root has /opt/swift: it is not clean"
if in_root sh -c 'command -v swift' >/dev/null 2>&1; then fail "the root has a swift binary"; fi
for package in libcurl4 libncursesw6 libsqlite3-0; do
    in_root dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" \
        || fail "$package is not installed in the root"
done

# --- the tarball, unpacked into the root's /usr/local -----------------------------------------

if [ -f "$tarball.sha256" ]; then
    (cd "$(dirname "$tarball")" && sha256sum --quiet -c "$(basename "$tarball").sha256") \
        || fail "the tarball does not match $(basename "$tarball").sha256"
    say "ok: the tarball matches its .sha256"
fi
# What is in the tarball: owned by root, nothing writable by group or others, no set-id bits,
# and a binary that searches no directory of its own for libraries (no RPATH/RUNPATH).
listing=$(tar --numeric-owner -tvzf "$tarball")
if awk '$2 != "0/0" || substr($1, 6, 1) == "w" || substr($1, 9, 1) == "w" \
        || $1 ~ /[sS]/ {bad = 1; print} END {exit !bad}' <<<"$listing"; then
    fail "the tarball has files not owned by root, writable by others or set-id" \
        "$(awk '$2 != "0/0" || substr($1, 6, 1) == "w" || substr($1, 9, 1) == "w" || $1 ~ /[sS]/' <<<"$listing")"
fi
say "ok: the tarball's $(wc -l <<<"$listing") entries are root's, not group/other-writable, not set-id"

rm -rf --one-file-system "${root:?}/usr/local" "${root:?}$work"
mkdir -p "$root/usr/local" "$root$work"
tar -xzf "$tarball" -C "$root/usr/local" --strip-components=1 --no-same-owner
for file in bin/ethotop share/man/man1/ethotop.1 share/bash-completion/completions/ethotop \
    share/zsh/site-functions/_ethotop share/fish/vendor_completions.d/ethotop.fish \
    share/ethotop/themes/high-contrast.yaml share/doc/ethotop/README.md \
    share/doc/ethotop/examples/config.yaml; do
    [ -s "$root/usr/local/$file" ] || fail "the tarball has no $file"
done
for unit in "$repo"/deploy/systemd/*.service; do
    [ -f "$unit" ] || continue
    cmp -s "$unit" "$root/usr/local/lib/systemd/system/$(basename "$unit")" \
        || fail "the tarball does not carry deploy/systemd/$(basename "$unit") as lib/systemd/system/"
done
say "ok: unpacked $(basename "$tarball") into $root/usr/local"
if LC_ALL=C readelf -d "$root/usr/local/bin/ethotop" | grep -q "(RPATH)\|(RUNPATH)"; then
    fail "the binary has a library search path of its own" \
        "$(LC_ALL=C readelf -d "$root/usr/local/bin/ethotop" | grep "(RPATH)\|(RUNPATH)")"
fi
say "ok: the binary has no RPATH or RUNPATH"

mount -t proc proc "$root/proc" \
    || fail "cannot mount /proc into the root: this needs root with CAP_SYS_ADMIN (not in an unprivileged container)"
if ! mount --rbind /dev "$root/dev" || ! mount --make-rslave "$root/dev"; then
    fail "cannot bind-mount /dev into the root"
fi

# 1. What the binary loads: everything resolved, nothing from a Swift toolchain.
libraries=$(in_root ldd /usr/local/bin/ethotop 2>&1) || fail "ldd failed in the root" "$libraries"
if grep -q "not found" <<<"$libraries"; then fail "libraries missing in the root" "$libraries"; fi
if grep -qi "swift\|Foundation\|dispatch\|BlocksRuntime" <<<"$libraries"; then
    fail "the binary links a Swift runtime library" "$libraries"
fi
for library in libcurl.so.4 libncursesw.so.6; do
    grep -q "$library" <<<"$libraries" || fail "the binary does not link $library" "$libraries"
done
say "ok: ldd in the root resolves $(grep -c '=>' <<<"$libraries") libraries, none from Swift"

# 2. --version and check.
expected=$(basename "$tarball" | sed -n 's/^ethotop-\(.*\)-linux-[^-]*\.tar\.gz$/\1/p')
version=$(in_root ethotop --version 2>&1) || fail "ethotop --version failed in the root" "$version"
[ "$version" = "$expected" ] || fail "ethotop --version printed '$version', not '$expected'"
say "ok: ethotop --version is $version"

# The man page says what --help says: every subcommand, and every option of each.
manual=$root/usr/local/share/man/man1/ethotop.1
help=$(in_root ethotop --help 2>&1) || fail "ethotop --help failed in the root" "$help"
subcommands=$(sed -n '/^SUBCOMMANDS:/,/^$/p' <<<"$help" | awk '/^  [a-z]/ {print $1}')
[ -n "$subcommands" ] || fail "ethotop --help lists no subcommands" "$help"
options_of() {
    in_root ethotop "$@" --help 2>&1 | sed -n '/^OPTIONS:/,/^$/p' \
        | grep -o -- '^ *\(-[a-zA-Z], \)\{0,1\}--[a-z][a-z-]*' | grep -o -- '--[a-z-]*'
}
checked=0
for option in $(options_of); do
    checked=$((checked + 1))
    grep -q -- "^\.It Fl .*-${option#--}\b" "$manual" || fail "ethotop.1 has no $option" "$help"
done
for subcommand in $subcommands; do
    grep -q "^\.It Em $subcommand\$" "$manual" || fail "ethotop.1 has no subcommand $subcommand"
    for option in $(options_of "$subcommand"); do
        checked=$((checked + 1))
        grep -q -- "^\.It Fl .*-${option#--}\b" "$manual" \
            || fail "ethotop.1 has no $option of $subcommand" "$(in_root ethotop "$subcommand" --help)"
    done
done
[ $checked -gt 20 ] || fail "only $checked options found in the --help texts: is the format changed?"
say "ok: ethotop.1 has all $checked options of --help and every subcommand ($(paste -sd ' ' <<<"$subcommands"))"
completion=$(in_root bash -c '. /usr/local/share/bash-completion/completions/ethotop && complete -p ethotop' 2>&1) \
    || fail "the bash completion does not load in the root" "$completion"
say "ok: the bash completion loads ($completion)"

server_out=$(mktemp)
"$chaos_serve" --port 0 >"$server_out" 2>&1 &
server_pid=$!
eventually "ChaosServe is listening" 'grep -q "^http://127.0.0.1:" "$server_out"' \
    || fail "ChaosServe printed no URL" "$(cat "$server_out")"
base=$(head -n 1 "$server_out")

cat >"$root$work/config.yaml" <<EOF
refresh: 250ms
defaults:
  interval: 200ms
  timeout: 2s
endpoints:
  - name: dist-ok
    group: dist
    url: $base/ok
  - name: dist-teapot
    group: dist
    url: $base/status/418
EOF
printf 'endpoints:\n  - name: broken\n    url: http://127.0.0.1:80/\n    interval: 5 seconds\n' \
    >"$root$work/bad.yaml"

output=$(in_root ethotop check --config $work/config.yaml 2>&1) \
    || fail "ethotop check rejected a good config" "$output"
grep -q "dist-ok" <<<"$output" || fail "ethotop check did not list dist-ok" "$output"
say "ok: ethotop check accepts a good config"
output=$(in_root ethotop check --config /usr/local/share/doc/ethotop/examples/config.yaml 2>&1) \
    || fail "ethotop check rejected the shipped examples/config.yaml" "$output"
say "ok: ethotop check accepts the shipped example config"
set +e
output=$(in_root ethotop check --config $work/bad.yaml 2>&1)
status=$?
set -e
[ $status -eq 2 ] || fail "ethotop check on a bad config exited $status, not 2" "$output"
grep -q "^$work/bad.yaml:4:[0-9]*: " <<<"$output" \
    || fail "ethotop check did not point at bad.yaml:4" "$output"
say "ok: ethotop check rejects a bad config with FILE:LINE:COL and status 2"

# 3. snapshot through the root's libcurl.
json=$(in_root ethotop snapshot --config $work/config.yaml --duration 2s --format json 2>&1) \
    || fail "ethotop snapshot failed in the root" "$json"
jq -e '.endpoints | length == 2' <<<"$json" >/dev/null \
    || fail "the snapshot is not JSON with two endpoints" "$json"
jq -e '.endpoints[] | select(.name == "dist-ok")
       | .requests.succeeded > 0 and .last.status == 200 and .breaker.state == "closed"' \
    <<<"$json" >/dev/null || fail "dist-ok was not probed successfully" "$json"
jq -e '.endpoints[] | select(.name == "dist-teapot") | .requests.failed > 0 and .last.status == 418' \
    <<<"$json" >/dev/null || fail "dist-teapot's 418 was not seen" "$json"
say "ok: ethotop snapshot --format json probed the ChaosServer from the root"
table=$(in_root ethotop snapshot --config $work/config.yaml --duration 1s --format table 2>&1) \
    || fail "ethotop snapshot --format table failed in the root" "$table"
grep -q "^dist-ok .* closed .* 200 *$" <<<"$table" || fail "the table has no healthy dist-ok" "$table"
say "ok: ethotop snapshot --format table"

# 4. The dashboard, in a terminal on the host, running in the root, with a theme from the tarball.
# A tmux server of its own (socket in a private directory), no user configuration; the pane stays
# after ethotop exits, so its exit status can be read.
tmux_dir=$(mktemp -d)
echo "set-option -g remain-on-exit on" >"$tmux_dir/tmux.conf"
tmux_() { TMUX_TMPDIR=$tmux_dir tmux -L "$tmux_socket" -f "$tmux_dir/tmux.conf" "$@"; }
screen() { tmux_ capture-pane -p -t dist 2>&1 || true; }
# The pane's shell writes ethotop's exit status to a file: tmux 3.3's #{pane_dead_status} is
# sometimes never set when the pty closes before the process is reaped.
exit_file=$tmux_dir/exit-status
tmux_ new-session -d -s dist -x 132 -y 40 \
    "chroot $root /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=$work LANG=C.UTF-8 \
     TERM=tmux-256color ethotop --config $work/config.yaml --theme high-contrast; \
     echo \$? >$exit_file.tmp && mv $exit_file.tmp $exit_file"
eventually "the dashboard shows both endpoints" \
    'screen | grep -q "dist-ok" && screen | grep -q "dist-teapot"' \
    || fail "the dashboard did not show the endpoints" "$(screen)"
eventually "dist-ok is CLOSED on the dashboard" 'screen | grep -q "CLOSED *dist-ok"' \
    || fail "the dashboard did not show dist-ok CLOSED" "$(screen)"
[ "$(tmux_ display-message -p -t dist '#{alternate_on}')" = 1 ] \
    || fail "the dashboard is not on the alternate screen" "$(screen)"
tmux_ send-keys -t dist q
eventually "q quits the dashboard" '[ -s "$exit_file" ]' \
    || fail "the dashboard did not exit on q" "$(screen)" "$(describe_processes_in_root)"
ended=$(cat "$exit_file")
[ "$ended" = 0 ] || fail "the dashboard exited with status $ended on q, not 0" "$(screen)"
[ "$(tmux_ display-message -p -t dist '#{alternate_on}')" = 0 ] \
    || fail "the terminal was left on the alternate screen" "$(screen)"
say "ok: the terminal is restored"
