#!/usr/bin/env bash
# Load test of the public site: gunicorn with the production settings on PostgreSQL with the demo
# data, Redis as the cache, wrk from a second process on this machine (loopback only).
#
#   bash benchmarks/load.sh            # 30 s per URL at 32 connections
#   DURATION=10s bash benchmarks/load.sh
#   LOAD_DB=registry_bench_world KEEP_DB=1 bash benchmarks/load.sh   # a database built before,
#       e.g. the world of benchmarks/world_bench.py, kept as it is (only new migrations applied)
#
# Prints, per URL: requests/second, p50 and p99 latency, and errors (non-2xx/3xx and socket
# errors). Each URL is first loaded for WARMUP (default 5s) without measuring, so that every worker
# has compiled its templates and loaded its translations: the figures are the steady state, not a
# worker's first requests. Needs: PostgreSQL on 127.0.0.1:5432 (user postgres), Redis on 127.0.0.1:6379, and wrk
# (apt-get install wrk; installed here if missing).
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-30s}
WARMUP=${WARMUP:-5s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
WORKERS=${WORKERS:-5}
PORT=${PORT:-8099}
DB=${LOAD_DB:-registry_load}
BASE="http://127.0.0.1:$PORT"

command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
make --quiet install >/dev/null

export DJANGO_ENV=production
export DJANGO_SECRET_KEY="load-test-$(head -c 32 /dev/urandom | base64 | tr -dc a-zA-Z0-9)"
export DJANGO_ALLOWED_HOSTS=127.0.0.1
export DJANGO_SSL_REDIRECT=false   # plain HTTP on loopback; production redirects to HTTPS
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB"
export CACHE_URL=redis://127.0.0.1:6379/5
export DJANGO_CONN_MAX_AGE=60
# The page cache drops parameters no page reads; the uncached runs bust it with this one.
export PAGE_CACHE_EXTRA_PARAMETERS=nocache

if [ -z "${KEEP_DB:-}" ]; then
  psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
fi
redis-cli -n 5 flushdb >/dev/null
.venv/bin/python manage.py migrate -v0
[ -n "${KEEP_DB:-}" ] || .venv/bin/python manage.py load_demo
# What the task worker does after a write (no worker runs here): the statistics' summary and the
# derived tables, so that pages read them as in production.
.venv/bin/python manage.py shell -c "from registry.tasks.summary import refresh_summary; refresh_summary.call()"
.venv/bin/python manage.py collectstatic --noinput -v0

.venv/bin/gunicorn config.wsgi --bind "127.0.0.1:$PORT" --workers "$WORKERS" --log-level warning &
GUNICORN=$!
trap 'touch /tmp/registry-load.done; kill $GUNICORN 2>/dev/null; wait $GUNICORN 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -sf -o /dev/null "$BASE/en/" && break; sleep 0.2; done

PAIR=$(.venv/bin/python manage.py shell -c "from registry.models import Pairing; print(Pairing.objects.public().order_by('established_on').first().get_absolute_url())" 2>/dev/null | tail -1)
MAP_DATA=${MAP_DATA:-/en/open-data/sister-pairs.geojson}

run() {  # label, url, "cached" or "uncached"
  local label=$1 url=$2 mode=$3 wrk_args=()
  curl -sf -o /dev/null "$BASE$url" || { echo "$label: $url does not answer 200"; return 1; }
  # Uncached: benchmarks/load.lua gives every request a query string no request used before (a new
  # token per wrk run), so the page cache never answers, and counts the hits to prove it. Cached
  # runs go without a script (its per-response callback cost wrk about a sixth of its speed) and are
  # checked with one request afterwards.
  [ "$mode" = uncached ] && wrk_args=(-s benchmarks/load.lua)
  [ "$WARMUP" = 0 ] || wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "${wrk_args[@]}" "$BASE$url" -- "warm-$(date +%s%N)" >/dev/null
  local out
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "${wrk_args[@]}" "$BASE$url" -- "run-$(date +%s%N)")
  local rps p50 p99 non2xx sockerr cache
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  non2xx=$(awk '/Non-2xx or 3xx responses/ {print $5}' <<<"$out")
  sockerr=$(awk -F'[ ,]+' '/Socket errors/ {print $4+$6+$8+$10}' <<<"$out")
  if [ "$mode" = uncached ]; then
    cache="page-cache hits $(awk '/page-cache hits/ {print $3}' <<<"$out")"
  else
    cache="next request: $(curl -s -D - -o /dev/null "$BASE$url" | tr -d '\r' | awk -F': ' 'tolower($1)=="x-page-cache" {print $2}')"
  fi
  printf "%-36s %-36s %9s req/s  p50 %8s  p99 %8s  errors %s  %s\n" \
    "$label" "$url" "$rps" "$p50" "$p99" "$(( ${non2xx:-0} + ${sockerr:-0} ))" "$cache"
}

echo "gunicorn: $WORKERS workers, production settings, PostgreSQL + Redis; wrk: $CONNECTIONS connections, $DURATION each"
run "home (cached)" /en/ cached
run "pair list (cached)" /en/pairs/ cached
run "pair page (cached)" "$PAIR" cached
run "map data (cached)" "$MAP_DATA" cached
run "pair list (uncached)" /en/pairs/ uncached

# Imports during the load: one after another, each of IMPORT_ROWS new pairings, until both runs
# below have ended, so the whole measurement sees imports writing (and the page cache emptied after
# each one).
IMPORT_ROWS=${IMPORT_ROWS:-3000}
if [ "$IMPORT_ROWS" -gt 0 ]; then
  IMPORT_FILE=/tmp/registry-load-import.csv IMPORT_LOG=/tmp/registry-load-import.log DONE=/tmp/registry-load.done
  rm -f "$DONE"; : > "$IMPORT_LOG"
  echo "imports of $IMPORT_ROWS pairing rows each, one after another during the load:"
  ( set +e; n=0
    while [ ! -e "$DONE" ]; do
      n=$((n + 1))
      .venv/bin/python benchmarks/make_load_import.py "$IMPORT_FILE" --rows "$IMPORT_ROWS" >/dev/null
      start=$(date +%s)
      .venv/bin/python manage.py import_registry pairings "$IMPORT_FILE" >> "$IMPORT_LOG" 2>&1
      echo "import $n of $(($(wc -l < "$IMPORT_FILE") - 1)) rows: exit status $?, $(( $(date +%s) - start )) s" >> "$IMPORT_LOG"
    done ) &
  IMPORTS=$!
  WARMUP=0  # the workers are warm by now; measure while the imports run
  run "home during imports" /en/ cached
  run "pair list during imports (uncached)" /en/pairs/ uncached
  touch "$DONE"
  wait $IMPORTS
  grep "^import " "$IMPORT_LOG"
fi
