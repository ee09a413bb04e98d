#!/usr/bin/env bash
# Load test of the public site: gunicorn with the production settings on PostgreSQL with the demo
# data, Redis as the cache, wrk from a second process on this machine (loopback only).
#
#   bash benchmarks/load.sh            # 30 s per URL at 32 connections
#   DURATION=10s bash benchmarks/load.sh
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

psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
redis-cli -n 5 flushdb >/dev/null
.venv/bin/python manage.py migrate -v0
.venv/bin/python manage.py load_demo
.venv/bin/python manage.py collectstatic --noinput -v0

.venv/bin/gunicorn config.wsgi --bind "127.0.0.1:$PORT" --workers "$WORKERS" --log-level warning &
GUNICORN=$!
trap 'kill $GUNICORN 2>/dev/null; wait $GUNICORN 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -sf -o /dev/null "$BASE/en/" && break; sleep 0.2; done

PAIR=$(.venv/bin/python manage.py shell -c "from registry.models import Pairing; print(Pairing.objects.public().order_by('established_on').first().get_absolute_url())" 2>/dev/null | tail -1)
MAP_DATA=${MAP_DATA:-/en/open-data/sister-pairs.geojson}

run() {  # label, url, "cached" or "uncached"
  local label=$1 url=$2 mode=$3 wrk_args=()
  curl -sf -o /dev/null "$BASE$url" || { echo "$label: $url does not answer 200"; return 1; }
  # Uncached: benchmarks/load.lua gives every request a query string no request used before (a new
  # token per wrk run), so the page cache never answers, and counts the hits to prove it. Cached
  # runs go without a script (its per-response callback costs wrk a tenth of its speed) and are
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

IMPORT_FILE=/tmp/registry-load-import.csv
.venv/bin/python benchmarks/make_load_import.py "$IMPORT_FILE" --rows "${IMPORT_ROWS:-3000}" >/dev/null
if [ "${IMPORT_ROWS:-3000}" -gt 0 ]; then
  echo "import of $(($(wc -l < "$IMPORT_FILE") - 1)) pairing rows during the load:"
  START=$(date +%s)
  ( set +e; .venv/bin/python manage.py import_registry pairings "$IMPORT_FILE" > /tmp/registry-load-import.log 2>&1
    echo "import exit status $?, finished $(( $(date +%s) - START )) s after it started" >> /tmp/registry-load-import.log ) &
  IMPORT=$!
  WARMUP=0  # the workers are warm by now; measure while the import runs
  run "home during import" /en/ cached
  run "pair list during import (uncached)" /en/pairs/ uncached
  echo "the two runs during the import ended $(( $(date +%s) - START )) s after it started"
  wait $IMPORT
  tail -2 /tmp/registry-load-import.log
fi
