"""Public pages and admin lists on the demo data and on a generated world, side by side.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/registry_bench \\
        python benchmarks/world_bench.py [--reuse] [--rounds 5] [--only WORD ...]

Builds two PostgreSQL databases next to DATABASE_URL's: <name>_demo (the demo data) and
<name>_world (the demo plus the world of benchmarks/world_data.py: ~60k places, 100k pairings,
1M activities, made with COPY; about two minutes on two cores, plus the migrations' indexes).
With --reuse, a database built before is kept (only new migrations are applied, then ANALYZE),
so a fix can be measured again in a few minutes. --only limits the run to the pages whose label
contains one of the given words (e.g. --only "pair list" admin).

Every page is rendered in-process by Django's test client with the cache replaced by a dummy one
(the page cache and its fragments never answer). For each page it prints the server time (median of
--rounds requests after one warm-up; a single request when the warm-up took over 5 s), the HTML
size and the number of SQL queries, on the demo and on the world.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
os.environ["CACHE_URL"] = "dummycache://"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
BASE_URL = os.environ.get("DATABASE_URL", "")
if not BASE_URL.startswith("postgres"):
    sys.exit("Set DATABASE_URL to a PostgreSQL database: the world is loaded with COPY.")
SLOW_MS = 5000
# A query still running after this is cancelled and its page counted as failed (status 500): the
# old activities ?place= filter ran for minutes at world size.
STATEMENT_TIMEOUT_MS = 30_000


def database_url(name):
    parts = urlsplit(BASE_URL)
    return urlunsplit(parts._replace(path=f"/{name}"))


def base_name():
    return urlsplit(BASE_URL).path.lstrip("/")


def run_manage(url, *command):
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_DEBUG": "true"}
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *command], env=env, check=True, cwd=ROOT)


def prepare(name, world, reuse):
    """Create the database (or keep it with --reuse when it was built to the end)."""
    import psycopg

    url = database_url(name)
    admin_url = database_url("postgres")
    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    if exists and reuse:
        with psycopg.connect(url) as connection:
            ready = connection.execute("SELECT to_regclass('benchmark_world_ready')").fetchone()[0]
        if ready:
            print(f"{name}: kept; applying new migrations", flush=True)
            run_manage(url, "migrate", "--verbosity", "0")
            with psycopg.connect(url, autocommit=True) as connection:
                connection.execute("ANALYZE")  # statistics for any index a migration added
            return url
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    started = time.monotonic()
    run_manage(url, "migrate", "--verbosity", "0")
    run_manage(url, "load_demo")
    if world:
        import world_data

        print(f"{name}: generating the world", flush=True)
        with psycopg.connect(url) as connection:
            world_data.build(connection, log=lambda line: print(line, flush=True))
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute("VACUUM ANALYZE")
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("CREATE TABLE benchmark_world_ready (built_in_seconds integer)")
        connection.execute(
            "INSERT INTO benchmark_world_ready VALUES (%s)", [round(time.monotonic() - started)]
        )
    print(f"{name}: built in {time.monotonic() - started:.0f} s", flush=True)
    return url


def use_database(name):
    from django.db import connections

    connections.close_all()
    connections["default"].settings_dict["NAME"] = name
    options = connections["default"].settings_dict.setdefault("OPTIONS", {})
    options["options"] = f"-c statement_timeout={STATEMENT_TIMEOUT_MS}"


def pages():
    """(label, path) of every measured page, found in the current database: the busiest province,
    pair and activity, so the world's pages are its heaviest."""
    from django.db.models import Count

    from registry.models import ExchangeActivity, Jurisdiction, Pairing
    from registry.pagination import MAX_PAGES
    from registry.views import PAGE_SIZE

    public_pairs = Pairing.objects.public()
    busiest_pair = (
        public_pairs.annotate(n=Count("activities")).order_by("-n", "pk").values_list("slug", "pk").first()
    )
    # The deep pages: the last page a list offers (the cap, registry/pagination.py), or its last.
    pair_pages = max(1, -(-public_pairs.count() // PAGE_SIZE))
    activity_pages = max(1, -(-ExchangeActivity.objects.public().count() // PAGE_SIZE))
    activity = ExchangeActivity.objects.public().order_by("pk").values_list("pk", flat=True).first()
    province = Jurisdiction.objects.get(slug="cn-jiangsu")
    admin = "/en/admin/registry"
    return [
        ("home", "/en/"),
        ("pair list p1", "/en/pairs/"),
        ("pair list deep page", f"/en/pairs/?page={min(MAX_PAGES, pair_pages)}"),
        ("pair list q=", "/en/pairs/?q=ohio"),
        ("pair list category=", "/en/pairs/?category=education"),
        ("pair list region=", f"/en/pairs/?region={province.slug}"),
        ("activities p1", "/en/activities/"),
        ("activities deep page", f"/en/activities/?page={min(MAX_PAGES, activity_pages)}"),
        ("activities place=", "/en/activities/?place=Ohio"),
        ("place page (Jiangsu)", f"/en/places/{province.slug}/"),
        ("pair page (busiest)", f"/en/pairs/{busiest_pair[0]}/"),
        ("activity page", f"/en/activities/{activity}/"),
        ("statistics", "/en/statistics/"),
        ("map", "/en/map/"),
        ("admin pairings", f"{admin}/pairing/"),
        ("admin pairings country=", f"{admin}/pairing/?country=CN"),
        ("admin pairings q=", f"{admin}/pairing/?q=ohio"),
        ("admin pairing change (busiest)", f"{admin}/pairing/{busiest_pair[1]}/change/"),
        ("admin activities", f"{admin}/exchangeactivity/"),
        ("admin activities q=", f"{admin}/exchangeactivity/?q=culture"),
        ("admin activity change", f"{admin}/exchangeactivity/{activity}/change/"),
        ("admin jurisdictions", f"{admin}/jurisdiction/"),
        ("admin jurisdictions q=", f"{admin}/jurisdiction/?q=jiang"),
        ("admin jurisdiction change", f"{admin}/jurisdiction/{province.pk}/change/"),
        ("admin sources", f"{admin}/source/"),
    ]


def measure(client, path, rounds):
    """(median ms, bytes, queries, status) of GET path."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    started = time.perf_counter()
    response = client.get(path)
    first = (time.perf_counter() - started) * 1000
    if first > SLOW_MS:
        rounds = 0
        times.append(first)
    for _ in range(rounds):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - started) * 1000)
    if not rounds:  # a slow page: once more only to count its queries, unless it is very slow
        with CaptureQueriesContext(connection) as queries:
            if first < 30_000:
                client.get(path)
    return statistics.median(times), len(response.content), len(queries), response.status_code


def measure_database(name, rounds, only):
    import django
    from django.contrib.auth import get_user_model
    from django.test import Client

    use_database(name)
    django.db.connections["default"].ensure_connection()
    user, _ = get_user_model().objects.get_or_create(
        username="world-bench", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client(raise_request_exception=False)
    client.force_login(user)
    anonymous = Client(raise_request_exception=False)
    derive()
    results = {}
    for label, path in pages():
        if only and not any(word in label for word in only):
            continue
        measured = measure(client if "admin" in label else anonymous, path, rounds)
        results[label] = (path, *measured)
        milliseconds, size, queries, status = measured
        print(
            f"  {name}: {label:32} {milliseconds:9.1f} ms {size / 1024:9.1f} KB {queries:5} q [{status}]",
            flush=True,
        )
    label = "derived after a write (task)"  # the summary and the derived tables
    if not only or any(word in label for word in only):
        results[label] = ("(registry.tasks.summary)", *measure_derived(rounds))
        print(f"  {name}: {label:32} {results[label][1]:9.1f} ms", flush=True)
    return results


def derive():
    """What the worker does after a write (registry/tasks/summary.py), so that the pages measured
    read the summary and the derived tables as they do once the task has run."""
    from django.db import connection

    from registry.models import PairCategory, PairPlace
    from registry.tasks.summary import refresh_summary

    refresh_summary.call()
    with connection.cursor() as cursor:
        # As autovacuum does soon after a table fills up: statistics for the planner.
        for model in (PairCategory, PairPlace):
            cursor.execute(f"ANALYZE {model._meta.db_table}")


def measure_derived(rounds):
    """(median ms, 0, queries, 200) of the task's work from scratch: the statistics' summary
    computed, and the derived tables rebuilt (registry/derived_tables.py)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from registry import data_state, derived_tables, summary

    times = []
    for _ in range(max(rounds, 1)):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            summary.compute()
            derived_tables.rebuild(data_state.current())
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), 0, len(queries), 200


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--reuse", action="store_true", help="keep databases built by an earlier run")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--only", nargs="*", default=[], help="only pages whose label has one of these")
    parser.add_argument("--build-only", action="store_true")
    args = parser.parse_args()
    demo, world = f"{base_name()}_demo", f"{base_name()}_world"
    prepare(demo, world=False, reuse=args.reuse)
    prepare(world, world=True, reuse=args.reuse)
    if args.build_only:
        return
    import django

    django.setup()
    measured = {name: measure_database(name, args.rounds, args.only) for name in (demo, world)}
    print()
    print("| page | demo ms | demo KB | demo queries | world ms | world KB | world queries | world/demo |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for (label, demo_row), world_row in zip(measured[demo].items(), measured[world].values(), strict=True):
        ratio = world_row[1] / demo_row[1] if demo_row[1] else float("nan")
        print(
            f"| {label} | {demo_row[1]:.1f} | {demo_row[2] / 1024:.0f} | {demo_row[3]} "
            f"| {world_row[1]:.1f} | {world_row[2] / 1024:.0f} | {world_row[3]} | {ratio:.1f}× |"
        )


if __name__ == "__main__":
    main()
