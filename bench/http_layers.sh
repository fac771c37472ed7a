#!/usr/bin/env bash
# The HTTP-layer comparison of docs/performance.md ("Choosing the HTTP layer"): seedd's list page beside nginx
# serving the same bytes as a static file and beside prototypes (bench/httpproto) that serve the same bytes after
# the same credential check on (a) Qt HTTP Server, one server per thread on SO_REUSEPORT sockets, and (b)
# libmicrohttpd with a thread pool over epoll. All in one run, RUNS rounds, wrk -t2 -c50, on this machine.
# Usage: bench/http_layers.sh [BUILD_DIR]   (a Release/RelWithDebInfo seedd; needs wrk, nginx-light, sqlite3,
# libmicrohttpd-dev)
set -euo pipefail
. "$(dirname "$0")/static_nginx.sh"
BUILD=${1:-build}
SEEDD=$BUILD/bin/seedd
DURATION=${DURATION:-10}
CONNS=${CONNS:-50}
RUNS=${RUNS:-3}
T=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
            [ -f "$T/nginx.pid" ] && kill "$(cat "$T/nginx.pid")" 2>/dev/null || true
            rm -rf "$T"; }
trap cleanup EXIT

cmake -S bench/httpproto -B "$T/proto" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$T/proto" >/dev/null
PROTO=$T/proto/httpproto

PORT=18931; NGINX_PORT=18932; QT1=18933; QT2=18934; MHD1=18935; MHD2=18936
echo '{"rate_limit": {"per_second": 0}}' > "$T/config.json"
"$SEEDD" serve --runner none --listen 127.0.0.1:$PORT --data-dir "$T/data" --config "$T/config.json" 2>"$T/seedd.log" &
PIDS+=($!)
for _ in $(seq 50); do [ -f "$T/data/connection.json" ] && break; sleep 0.1; done
TOKEN=$("$SEEDD" token create --data-dir "$T/data" --namespace bench)
AUTH="Authorization: Bearer $TOKEN"
sqlite3 "$T/data/seed.db" <<SQL
PRAGMA busy_timeout = 10000;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
INSERT INTO jobs (id, namespace, name, status, command, image, gpu, gpu_count, cpu, memory_gb, disk_gb, env, region,
                  timeout_minutes, retries, retry_count, cost_per_hour_cents, created_at)
SELECT printf('job_%012x', 0xA00000000 + i), 'bench', 'fill-' || i, 'queued', 'true', 'img', 'none', 1, 2, 1, 100,
       '{}', 'us-east-1', 1440, 0, 0, 10, 1700000000000 + i * 1000 FROM n;
SQL
LIST="/bench/jobs?page=1&per_page=20"
curl -sf -H "$AUTH" "http://127.0.0.1:$PORT$LIST" > "$T/list.json"
echo "list page: $(wc -c < "$T/list.json") bytes, total=$(grep -o '"total":[0-9]*' "$T/list.json")"

PTOKEN="bench.$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
PAUTH="Authorization: Bearer $PTOKEN"
"$PROTO" qt 1 $QT1 "$T/list.json" "$PTOKEN" & PIDS+=($!)
"$PROTO" qt 2 $QT2 "$T/list.json" "$PTOKEN" & PIDS+=($!)
"$PROTO" mhd 1 $MHD1 "$T/list.json" "$PTOKEN" & PIDS+=($!)
"$PROTO" mhd 2 $MHD2 "$T/list.json" "$PTOKEN" & PIDS+=($!)

start_static_nginx "$T" "$NGINX_PORT" "$T/list.json"
# Every server answers the same bytes (and the prototypes refuse a wrong credential).
for u in "$PORT$LIST|$AUTH" "$QT1/bench/jobs|$PAUTH" "$QT2/bench/jobs|$PAUTH" "$MHD1/bench/jobs|$PAUTH" "$MHD2/bench/jobs|$PAUTH"; do
  curl -sf -H "${u#*|}" "http://127.0.0.1:${u%%|*}" | cmp - "$T/list.json"
done
for p in $QT2 $MHD2; do
  [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer bench.wrong" "http://127.0.0.1:$p/bench/jobs")" = 401 ]
done
curl -sf "http://127.0.0.1:$NGINX_PORT/jobs.json" | cmp - "$T/list.json"

rps() { grep Requests/sec "$1" | awk '{print $2}'; }
p99() { grep -E '^ +99%' "$1" | awk '{print $2}'; }
load() { wrk -t2 -c"$CONNS" -d"${DURATION}s" --latency "$@"; }
printf "%-4s %-28s %12s %10s %8s\n" run server requests/s p99 "/nginx"
for r in $(seq "$RUNS"); do
  load "http://127.0.0.1:$NGINX_PORT/jobs.json" > "$T/nginx.txt"
  load -H "$AUTH" "http://127.0.0.1:$PORT$LIST" > "$T/seedd.txt"
  load -H "$PAUTH" "http://127.0.0.1:$QT1/bench/jobs" > "$T/qt1.txt"
  load -H "$PAUTH" "http://127.0.0.1:$QT2/bench/jobs" > "$T/qt2.txt"
  load -H "$PAUTH" "http://127.0.0.1:$MHD1/bench/jobs" > "$T/mhd1.txt"
  load -H "$PAUTH" "http://127.0.0.1:$MHD2/bench/jobs" > "$T/mhd2.txt"
  n=$(rps "$T/nginx.txt")
  for s in nginx seedd qt1 qt2 mhd1 mhd2; do
    label=$(case $s in nginx) echo "nginx static (2 workers)";; seedd) echo "seedd (one thread)";;
            qt1) echo "Qt HTTP Server, 1 thread";; qt2) echo "Qt HTTP Server, 2 threads";;
            mhd1) echo "libmicrohttpd, 1 thread";; mhd2) echo "libmicrohttpd, 2 threads";; esac)
    printf "%-4s %-28s %12s %10s %8.2f\n" "$r" "$label" "$(rps "$T/$s.txt")" "$(p99 "$T/$s.txt")" \
      "$(awk -v a="$(rps "$T/$s.txt")" -v b="$n" 'BEGIN { print a / b }')"
  done
done
