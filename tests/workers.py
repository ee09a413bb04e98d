"""The task worker as a real process, for the tests that start one (tests/test_tasks_worker.py,
test_tasks_imports_worker.py, test_tasks_time_limit.py): reading the server's database from
outside, waiting for a condition, a worker process, and a throwaway database of placeholder
cities with a 10,000-row pairings file to import."""

import sqlite3
import subprocess
import sys
import time
from contextlib import closing, contextmanager

import psycopg

from .live_server import ROOT, clean_environment, manage, server_database


def query(database, sql):
    """Rows of `sql` on the server's database (PostgreSQL or SQLite)."""
    if database.url.startswith("sqlite"):
        with closing(sqlite3.connect(database.path, timeout=30)) as connection:
            return connection.execute(sql).fetchall()
    with psycopg.connect(database.url.replace("postgres://", "postgresql://", 1)) as connection:
        return connection.execute(sql).fetchall()


def wait_for(condition, seconds=120, interval=0.02):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            value = condition()
        except sqlite3.OperationalError as error:
            # SQLite locks readers out while a writer spills its pages to the file; that is
            # "not yet", not an answer: ask again until the deadline.
            if "locked" not in str(error):
                raise
            value = None
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"gave up waiting after {seconds} s")


@contextmanager
def worker(env):
    process = subprocess.Popen(
        [sys.executable, "manage.py", "run_worker", "--interval", "0.1", "--no-startup-delay"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=30)


CITIES_CN, CITIES_US = 100, 100  # 10,000 distinct pairs: seconds of checking, then of writing

# Made-up places in a throwaway database, as in benchmarks/import_bench.py: no real-world facts.
MAKE_PLACES = f"""
from registry.models import Designation as D, Jurisdiction as J, Level as L
for country, kind, count in (("CN", D.PROVINCE, {CITIES_CN}), ("US", D.STATE, {CITIES_US})):
    province = J.objects.create(
        country=country, level=L.PROVINCE, designation=kind,
        name_en=f"{{country}} Province", slug=f"{{country.lower()}}-province")
    J.objects.bulk_create(
        J(country=country, level=L.CITY, designation=D.CITY, parent=province,
          name_en=f"{{country}} City {{i}}", slug=f"{{country.lower()}}-city-{{i}}")
        for i in range(count))
"""


def pairs_csv():
    lines = ["side_a_country,side_a_province,side_a_city,side_b_country,side_b_province,side_b_city"]
    lines += [
        f"CN,CN Province,CN City {i},US,US Province,US City {j}"
        for i in range(CITIES_CN)
        for j in range(CITIES_US)
    ]
    return ("\n".join(lines) + "\n").encode()


@contextmanager
def import_worker_database(tmp_path_factory, name):
    """(database, environment, directory): a migrated throwaway database holding the placeholder
    cities, for a module's worker processes."""
    tmp_path = tmp_path_factory.mktemp(name)
    with server_database(tmp_path, name, prepared="migrated") as database:
        env = clean_environment(
            DATABASE_URL=database.url,
            REGISTRY_OPENDATA_DIR=str(tmp_path / "opendata"),
            REGISTRY_TASK_HEARTBEAT_SECONDS="1",
            REGISTRY_TASK_WORKER_LOST_SECONDS="4",
        )
        manage(env, "shell", "-c", MAKE_PLACES)
        yield database, env, tmp_path


def import_task(database):
    return query(
        database,
        "SELECT t.id, t.status, t.exception_class_path, p.stage, p.done, p.total "
        "FROM django_tasks_database_dbtaskresult t LEFT JOIN registry_taskprogress p ON p.task_id = t.id "
        "WHERE t.task_path = 'registry.tasks.imports.confirm_import' ORDER BY t.enqueued_at",
    )


def written(database):
    return (
        query(database, "SELECT count(*) FROM registry_pairing")[0][0],
        query(database, "SELECT count(*) FROM registry_importrecord")[0][0],
        query(database, "SELECT count(*) FROM registry_historicalpairing")[0][0],
    )
