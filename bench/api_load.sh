#!/usr/bin/env bash
# API load benchmark: GET list pages over 100k stored jobs and POST creates against seedd, side by
# side with nginx serving the same list JSON as a static file, on this machine, in the same run.
# Usage: bench/api_load.sh [BUILD_DIR]   (needs wrk, nginx-light, sqlite3; run after a Release build)
set -euo pipefail
. "$(dirname "$0")/static_nginx.sh"
BUILD=${1:-build}
SEEDD=$BUILD/bin/seedd
DURATION=${DURATION:-15}
CONNS=${CONNS:-50}
T=$(mktemp -d)
cleanup() { [ -n "${SEEDD_PID:-}" ] && kill "$SEEDD_PID" 2>/dev/null || true
            [ -f "$T/nginx.pid" ] && kill "$(cat "$T/nginx.pid")" 2>/dev/null || true
            rm -rf "$T"; }
trap cleanup EXIT

PORT=18931; NGINX_PORT=18932
# No rate limit in the benchmark: it measures the server, not the limiter.
echo '{"rate_limit": {"per_second": 0}}' > "$T/config.json"
"$SEEDD" serve --runner none --listen 127.0.0.1:$PORT --data-dir "$T/data" --config "$T/config.json" 2>"$T/seedd.log" &
SEEDD_PID=$!
for _ in $(seq 50); do [ -f "$T/data/connection.json" ] && break; sleep 0.1; done
TOKEN=$("$SEEDD" token create --data-dir "$T/data" --namespace bench)
AUTH="Authorization: Bearer $TOKEN"
BASE=http://127.0.0.1:$PORT

echo "== POST creates (${DURATION}s, 2 threads, $CONNS connections)"
BENCH_PREFIX=c wrk -t2 -c"$CONNS" -d"${DURATION}s" --latency -H "$AUTH" -s bench/create.lua \
  "$BASE/auth/v1/seed/bench/jobs" | tee "$T/create.txt"
created=$(sqlite3 "$T/data/seed.db" "SELECT COUNT(*) FROM jobs")
echo "jobs stored after the create run: $created"

echo "== topping the namespace up to 100000 jobs (direct SQL copy of stored rows)"
sqlite3 "$T/data/seed.db" <<SQL
PRAGMA busy_timeout = 10000;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000 - $created)
INSERT INTO jobs (id, namespace, name, status, command, image, gpu, gpu_count, cpu, memory_gb, disk_gb, env, region,
                  timeout_minutes, retries, retry_count, cost_per_hour_cents, created_at)
SELECT printf('job_%012x', 0xA00000000 + i), 'bench', 'fill-' || i, 'queued', 'true', 'img', 'none', 1, 2, 1, 100,
       '{}', 'us-east-1', 1440, 0, 0, 10, 1700000000000 + i * 1000 FROM n;
SQL
echo "jobs stored: $(sqlite3 "$T/data/seed.db" "SELECT COUNT(*) FROM jobs WHERE namespace='bench'")"

LIST="/bench/jobs?page=1&per_page=20"
curl -s -H "$AUTH" "$BASE$LIST" > "$T/list.json"
echo "list page: $(wc -c < "$T/list.json") bytes, total=$(grep -o '"total":[0-9]*' "$T/list.json")"

start_static_nginx "$T" "$NGINX_PORT" "$T/list.json"

echo "== GET list page over 100k jobs: seedd"
wrk -t2 -c"$CONNS" -d"${DURATION}s" --latency -H "$AUTH" "$BASE$LIST" | tee "$T/seedd-list.txt"
echo "== GET the same JSON as a static file: nginx"
wrk -t2 -c"$CONNS" -d"${DURATION}s" --latency "http://127.0.0.1:$NGINX_PORT/jobs.json" | tee "$T/nginx-list.txt"
echo "== GET a deep page (page 4000) over 100k jobs: seedd"
wrk -t2 -c"$CONNS" -d"${DURATION}s" --latency -H "$AUTH" "$BASE/bench/jobs?page=4000&per_page=20" | tee "$T/seedd-deep.txt"

echo "== GET random pages (1..5000) over 100k jobs: seedd, mostly uncached"
wrk -t2 -c"$CONNS" -d"${DURATION}s" --latency -H "$AUTH" -s bench/random_page.lua "$BASE/bench/jobs" | tee "$T/seedd-random.txt"

rps() { grep Requests/sec "$1" | awk '{print $2}'; }
p99() { grep -E '^ +99%' "$1" | awk '{print $2}'; }
echo
echo "== Summary"
printf "%-34s %12s %10s\n" "run" "requests/s" "p99"
printf "%-34s %12s %10s\n" "seedd POST create" "$(rps "$T/create.txt")" "$(p99 "$T/create.txt")"
printf "%-34s %12s %10s\n" "seedd GET list (page 1, 100k)" "$(rps "$T/seedd-list.txt")" "$(p99 "$T/seedd-list.txt")"
printf "%-34s %12s %10s\n" "seedd GET list (page 4000, 100k)" "$(rps "$T/seedd-deep.txt")" "$(p99 "$T/seedd-deep.txt")"
printf "%-34s %12s %10s\n" "seedd GET list (random pages)" "$(rps "$T/seedd-random.txt")" "$(p99 "$T/seedd-random.txt")"
printf "%-34s %12s %10s\n" "nginx static same JSON" "$(rps "$T/nginx-list.txt")" "$(p99 "$T/nginx-list.txt")"
awk -v a="$(rps "$T/seedd-list.txt")" -v b="$(rps "$T/nginx-list.txt")" 'BEGIN { printf "list throughput ratio seedd/nginx: %.2f\n", a / b }'
