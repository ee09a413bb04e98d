"""What a health probe costs: wall time (p50, p99, max) and CPU time per request of /health/live and
/health/ready, in-process through the whole middleware stack, and the database queries and cache
operations readiness makes.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/registry_x CACHE_URL=redis://127.0.0.1:6379/11 \\
        python benchmarks/health_bench.py [--requests 300]

The database must be migrated (readiness reports pending migrations otherwise). The SQL statements
of one readiness request are recorded through Django's debug cursors, in every thread the checks run
in; wall time includes opening a database connection per check (CONN_MAX_AGE=0).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")

import django

django.setup()

from django.db import connections  # noqa: E402
from django.db.backends.utils import CursorDebugWrapper  # noqa: E402
from django.test import Client  # noqa: E402


def measure(client, path, requests):
    for _ in range(10):  # warm up: imports, the migration graph, connections
        response = client.get(path)
        assert response.status_code == 200, response.content
    walls = []
    cpu_start = time.process_time()
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(path, headers={"Accept": "application/json"})
        walls.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.content
    cpu = (time.process_time() - cpu_start) / requests * 1000
    walls.sort()
    p99 = walls[min(len(walls) - 1, int(len(walls) * 0.99))]
    print(
        f"{path}: p50 {statistics.median(walls):.2f} ms, p99 {p99:.2f} ms, max {walls[-1]:.2f} ms, "
        f"{cpu:.2f} ms CPU per request ({requests} requests, {connections['default'].vendor})"
    )


def count_queries(client, path):
    """Statements readiness runs, in whichever thread each check runs."""
    statements = []
    original = CursorDebugWrapper.execute

    def recording(self, sql, params=None):
        statements.append(sql)
        return original(self, sql, params)

    CursorDebugWrapper.execute = recording
    for alias in connections:
        connections[alias].force_debug_cursor = True
    try:
        # Check threads get their own connections: force debug cursors on every new one too.
        from django.db.backends.base import base

        init = base.BaseDatabaseWrapper.__init__

        def debug_init(self, *args, **kwargs):
            init(self, *args, **kwargs)
            self.force_debug_cursor = True

        base.BaseDatabaseWrapper.__init__ = debug_init
        client.get(path)
    finally:
        CursorDebugWrapper.execute = original
        base.BaseDatabaseWrapper.__init__ = init
    return statements


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    client = Client()
    measure(client, "/health/live", args.requests)
    measure(client, "/health/ready", args.requests)
    statements = count_queries(client, "/health/ready")
    print(f"/health/ready: {len(statements)} SQL statements per request:")
    for sql in statements:
        print(f"  {sql[:100]}")


if __name__ == "__main__":
    main()
