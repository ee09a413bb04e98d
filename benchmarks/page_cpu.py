"""CPU time one uncached request of a public page costs, rendered in-process (no server, no cache).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/registry_load \\
        python benchmarks/page_cpu.py [/en/pairs/] [--requests 40]

Run it against a database with the demo data (benchmarks/load.sh leaves one: registry_load).
Every request gets a query string never used before (it includes this run's start time), so the page
cache never answers, even a shared one such as Redis; the figure is process time (best of three
rounds), which other load on the machine disturbs less than wall time.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")

import django

django.setup()

from django.test import Client  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path", nargs="?", default="/en/pairs/")
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args()
    client = Client()
    separator = "&" if "?" in args.path else "?"
    run = time.time_ns()
    for n in range(5):  # warm up: imports, template compilation
        client.get(f"{args.path}{separator}run={run}&warm={n}")
    rounds = []
    for r in range(3):
        start = time.process_time()
        for n in range(args.requests):
            response = client.get(f"{args.path}{separator}run={run}&round={r}&n={n}")
            assert response.status_code == 200, response.status_code
            assert response.get("X-Page-Cache") != "hit"
        rounds.append((time.process_time() - start) / args.requests * 1000)
    print(f"{args.path}: {min(rounds):.1f} ms CPU per uncached request (best of 3 x {args.requests})")


if __name__ == "__main__":
    main()
