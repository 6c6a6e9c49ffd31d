#!/usr/bin/env bash
# Estate benchmark (issue 15): CPU per probe of connect-only checks against the HTTP probe, and
# the cost of expect.json on a 4 KiB body.
#
#   - ProbeBench (release) at CONCURRENCY (default 1,000) transfers in flight, against one nginx
#     (1 worker) serving `return 200` on a plain and a TLS port (EC P-256 certificate made here,
#     trusted through CA_FILE): http:// and https:// with keep-alive (the HTTP probe as it runs),
#     tcp:// (connect, close) and tls:// (connect, verified handshake, close: never reused), and
#     tls:// reading the certificate (CURLOPT_CERTINFO), as ethotop does for tls:// and https://.
#   - ExpectBench (release): six expect.json conditions over a 4 KiB health document.
# CPU is ProbeBench's own getrusage over the measured phase per completed probe; each row is the
# median of REPEAT runs. With two or more CPUs nginx is pinned to CPU 0 and the client to CPU 1.
# Connect-only checks leave a TIME_WAIT socket each, so they run fewer probes (CHECKS).
#
#   bash bench/estate.bench.sh
#   CONCURRENCY=1000 REQUESTS=50000 CHECKS=10000 REPEAT=3 bash bench/estate.bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."

CONCURRENCY=${CONCURRENCY:-1000}
REQUESTS=${REQUESTS:-50000}
CHECKS=${CHECKS:-10000}
REPEAT=${REPEAT:-3}
[ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt $((CONCURRENCY + 512)) ] && { ulimit -n $((CONCURRENCY + 512)) 2>/dev/null || true; }
NGINX_PIN=()
CLIENT_PIN=()
if command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ] && [ "${PIN:-1}" = 1 ]; then
  NGINX_PIN=(taskset -c 0)
  CLIENT_PIN=(taskset -c 1)
fi
for tool in nginx openssl; do
  command -v "$tool" >/dev/null || { echo "estate.bench: $tool is not installed (make bench-deps)"; exit 1; }
done

work=$(mktemp -d)
nginx_pid=""
cleanup() {
  if [ -n "$nginx_pid" ]; then kill "$nginx_pid" 2>/dev/null || true; wait "$nginx_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# --- certificates: a CA and a leaf for 127.0.0.1 ----------------------------------------------
curve=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)
openssl req -x509 "${curve[@]}" -subj "/CN=estate bench CA" -days 2 -keyout "$work/ca.key" -out "$work/ca.pem" 2>/dev/null
openssl req "${curve[@]}" -subj "/CN=127.0.0.1" -keyout "$work/leaf.key" -out "$work/leaf.csr" 2>/dev/null
echo "subjectAltName=IP:127.0.0.1" >"$work/san.ext"
openssl x509 -req -in "$work/leaf.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" -CAcreateserial -days 2 \
  -extfile "$work/san.ext" -out "$work/leaf.pem" 2>/dev/null

# --- nginx on two free loopback ports ---------------------------------------------------------
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() { for candidate in $(seq "$1" "$2"); do listening "$candidate" || { echo "$candidate"; return; }; done; }
port=$(free_port 18280 18380)
tls_port=$(free_port 18381 18480)
mkdir -p "$work/nginx/logs"
cat >"$work/nginx/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
events { worker_connections 8192; }
http {
  access_log off;
  keepalive_timeout 120s;
  keepalive_requests 100000000;
  server {
    listen 127.0.0.1:$port backlog=4096;
    listen 127.0.0.1:$tls_port ssl backlog=4096;
    ssl_certificate $work/leaf.pem;
    ssl_certificate_key $work/leaf.key;
    location / { return 200 "ok\n"; }
  }
}
CONF
user_directive=""
[ "$(id -u)" = 0 ] && user_directive="user root;"
"${NGINX_PIN[@]}" nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" ${user_directive:+-g "$user_directive"} \
  2>"$work/nginx/start.log" &
nginx_pid=$!
for _ in $(seq 1 100); do listening "$port" && listening "$tls_port" && break; sleep 0.05; done
listening "$tls_port" || { echo "estate.bench: nginx did not start"; cat "$work/nginx/start.log"; exit 1; }

swift build -c release --product ProbeBench >/dev/null 2>&1
swift build -c release --product ExpectBench >/dev/null 2>&1
bin="$(swift build -c release --show-bin-path)"

field() { tr ' ' '\n' <"$work/out" | sed -n "s/^$1=//p"; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else print v[int((NR + 1) / 2)] }'; }

: >"$work/runs"  # lines: label rps cpu_us_per_req errors
for run in $(seq 1 "$REPEAT"); do
  for target in "http http://127.0.0.1:$port/ $REQUESTS" "https https://127.0.0.1:$tls_port/ $REQUESTS" \
    "tcp tcp://127.0.0.1:$port $CHECKS" "tls tls://127.0.0.1:$tls_port $CHECKS" \
    "tls+cert tls://127.0.0.1:$tls_port $CHECKS"; do
    read -r label url count <<<"$target"
    read_cert=0
    [ "$label" = tls+cert ] && read_cert=1
    READ_CERT=$read_cert CA_FILE="$work/ca.pem" "${CLIENT_PIN[@]}" "$bin/ProbeBench" "$url" "$CONCURRENCY" "$count" \
      $((count / 10)) >"$work/out" 2>"$work/err" || true
    echo "$label $(field rps) $(field cpu_us_per_req) $(field errors)" >>"$work/runs"
  done
done

echo "estate.bench: concurrency=$CONCURRENCY requests=$REQUESTS checks=$CHECKS repeat=$REPEAT (median per row)"
printf '%-8s %10s %16s %8s\n' probe rps cpu_us_per_probe errors
for label in http https tcp tls tls+cert; do
  rps=$(awk -v l="$label" '$1 == l { print $2 }' "$work/runs" | median)
  cpu=$(awk -v l="$label" '$1 == l { print $3 }' "$work/runs" | median)
  errors=$(awk -v l="$label" '$1 == l { print $4 }' "$work/runs" | median)
  printf '%-8s %10s %16s %8s\n' "$label" "$rps" "$cpu" "$errors"
done
for _ in $(seq 1 "$REPEAT"); do "${CLIENT_PIN[@]}" "$bin/ExpectBench" 20000; done | tee "$work/expect"
