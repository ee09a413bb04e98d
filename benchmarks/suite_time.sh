#!/usr/bin/env bash
# Wall-clock and CPU time of the whole test suite: as `make test` runs it (one pytest-xdist worker
# per CPU) and in one process. Uses DATABASE_URL like `make test` (PostgreSQL when it points there,
# else SQLite). The machine's load average is printed too: figures from a busy machine are not
# comparable with a quiet one's.
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/registry bash benchmarks/suite_time.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PYTEST=${PYTEST:-.venv/bin/pytest}
TIMEFORMAT='wall %Rs, CPU (user+sys, pytest and its workers) %Us+%Ss'

run() {
  echo "== $1 (load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
  shift
  time "$PYTEST" -q -p no:cacheprovider "$@" | tail -1
}

run "make test: pytest -n auto --dist loadfile" -n auto --dist loadfile
run "one process: pytest -n 0" -n 0
