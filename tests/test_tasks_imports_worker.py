"""An import run by the real worker process, on the suite's database (PostgreSQL in CI): its
progress is seen while its transaction is open; killed with kill -9 while writing, it leaves
nothing written and its task is marked failed (WorkerLost) by the next worker; tried again, it
succeeds. Like tests/test_tasks_worker.py for the open-data build."""

import os
import signal

import pytest

from .live_server import manage
from .workers import (
    CITIES_CN,
    CITIES_US,
    import_task,
    import_worker_database,
    pairs_csv,
    wait_for,
    worker,
    written,
)


@pytest.fixture(scope="module")
def server_env(tmp_path_factory):
    with import_worker_database(tmp_path_factory, "importworker") as prepared:
        yield prepared


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
