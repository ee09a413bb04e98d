"""An import run by the real worker process, on the suite's database (PostgreSQL in CI): its
progress is seen while its transaction is open; killed with kill -9 while writing, it leaves
nothing written and its task is marked failed (WorkerLost) by the next worker; tried again, it
succeeds. Like tests/test_tasks_worker.py for the open-data build."""

import os
import signal

import pytest

from .live_server import clean_environment, manage, server_database
from .test_tasks_worker import query, wait_for, worker

CITIES_CN, CITIES_US = 200, 100  # 20,000 distinct pairs: long enough to kill it mid-write

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


@pytest.fixture(scope="module")
def server_env(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("import-worker")
    with server_database(tmp_path, "importworker") as database:
        env = clean_environment(
            DATABASE_URL=database.url,
            REGISTRY_OPENDATA_DIR=str(tmp_path / "opendata"),
            REGISTRY_TASK_HEARTBEAT_SECONDS="1",
            REGISTRY_TASK_WORKER_LOST_SECONDS="4",
        )
        manage(env, "migrate", "-v0")
        manage(env, "createcachetable")
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


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="reads the import's progress while its transaction writes: PostgreSQL (SQLite locks "
    "readers out while the writer spills its pages)",
)
def test_an_import_killed_mid_write_writes_nothing_fails_and_a_retry_succeeds(server_env):
    database, env, tmp_path = server_env
    file = tmp_path / "pairs.csv"
    file.write_bytes(pairs_csv())
    manage(env, "import_registry", "pairings", str(file), "--background")
    seen_checking = []

    def writing():
        [row] = import_task(database)
        if row[3] == "checked" and row[4] and row[4] < row[5]:
            seen_checking.append(row[4])
        # Every row checked (always reported): the worker is writing them now.
        return row[1] == "RUNNING" and row[3] == "checked" and row[4] == row[5] and row

    with worker(env) as doomed:
        running = wait_for(writing, seconds=300)
        os.kill(doomed.pid, signal.SIGKILL)
        doomed.wait(timeout=10)
    assert seen_checking, "progress was not seen while the import's transaction was open"
    assert import_task(database)[0][1] == "RUNNING"
    assert written(database) == (0, 0, 0)  # nothing half-written

    with worker(env):
        # The next worker sees the dead one stop beating: the import is marked failed.
        wait_for(lambda: import_task(database)[0][1] == "FAILED", seconds=60, interval=0.2)
        assert import_task(database)[0][2] == "registry.tasks.workers.WorkerLost"
        assert written(database) == (0, 0, 0)
        # Staff press "Try again" (the admin's retry): the same upload is imported.
        manage(
            env,
            "shell",
            "-c",
            "from django_tasks_db.models import DBTaskResult; from registry.tasks import imports; "
            f"imports.retry(DBTaskResult.objects.get(pk='{running[0]}'))",
        )
        wait_for(lambda: import_task(database)[-1][1] == "SUCCESSFUL", seconds=300, interval=0.2)
    total = CITIES_CN * CITIES_US
    assert written(database)[:2] == (total, 1)
