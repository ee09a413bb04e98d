"""A task that runs past its time limit (TASK_TIME_LIMIT) is stopped by its worker as a worker
killed mid-task is: the task ends failed, nothing is half-written (the import's one transaction
rolls back; each download is the previous build's or the new one's), staff read the reason, and a
retry succeeds. First with the worker's own code in the test's process, then with the real
worker process on the suite's database (PostgreSQL in CI), a 10,000-row import under a 1-second
limit, as tests/test_tasks_imports_worker.py kills one."""

import time

import pytest
from django_tasks_db.models import DBTaskResult

from registry.models import ImportRecord
from registry.tasks import imports, opendata, progress
from registry.tasks.compat import TaskResultStatus
from registry.tasks.workers import TaskTimeLimitExceeded, TimeLimitedWorker, time_limit

from .helpers import (
    TASK_PAGES,
    build_open_data,
    import_url,
    in_process_worker,
    run_import_tasks,
    task_id,
    task_status,
    upload_xlsx,
)
from .imports_helpers import fingerprint
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

TIME_LIMIT = "registry.tasks.workers.TaskTimeLimitExceeded"


def run_with_time_limit(result):
    """What `run_worker` does with a claimed task, in this process and transaction."""
    worker = in_process_worker(TimeLimitedWorker)
    result.claim("test-worker")
    worker.run_task(result)
    result.refresh_from_db()
    return result


def test_the_limit_stops_a_block_past_it_and_is_cleared_after_one_within_it():
    started = time.monotonic()
    with pytest.raises(TaskTimeLimitExceeded) as stopped, time_limit(0.2):
        time.sleep(30)
    assert time.monotonic() - started < 5
    assert str(stopped.value) == "ran past its time limit of 0.2 s"
    with time_limit(0.2):
        pass
    time.sleep(0.4)  # the timer was cleared: nothing is raised after the block
    with time_limit(0):
        time.sleep(0.01)  # no limit


@pytest.mark.django_db
def test_an_import_past_its_time_limit_writes_nothing_fails_and_a_retry_succeeds(
    admin_client, demo_data, settings, monkeypatch
):
    before = fingerprint()
    preview_task = task_id(upload_xlsx(admin_client))
    run_import_tasks()
    token = DBTaskResult.objects.get(pk=preview_task).args_kwargs["kwargs"]["token"]
    confirm_task = task_id(admin_client.post(import_url("import_confirm", token=token)))

    # Every row is written (in the import's transaction), then the task overstays its limit.
    report = imports.Reporter.__call__

    def slow_after_writing(self, stage, done, total):
        report(self, stage, done, total)
        if stage == "written":
            assert ImportRecord.objects.count() == 1
            time.sleep(60)

    monkeypatch.setattr(imports.Reporter, "__call__", slow_after_writing)
    settings.TASK_TIME_LIMIT = 3
    started = time.monotonic()
    result = run_with_time_limit(DBTaskResult.objects.get(pk=confirm_task))
    assert time.monotonic() - started < 30
    assert result.status == TaskResultStatus.FAILED
    assert result.exception_class_path == TIME_LIMIT
    assert fingerprint() == before
    assert ImportRecord.objects.count() == 0
    failed = task_status(admin_client, confirm_task)
    assert failed["message"] == "Failed: nothing was written. Try again."
    assert failed["reason"] == "Stopped: the task ran past its time limit (3 s)."
    page = admin_client.get(f"{TASK_PAGES}{confirm_task}/change/").content.decode()
    assert "Stopped: the task ran past its time limit (3 s)." in page

    monkeypatch.setattr(imports.Reporter, "__call__", report)
    retried = task_id(admin_client.post(f"{TASK_PAGES}{confirm_task}/retry/"))
    assert run_with_time_limit(DBTaskResult.objects.get(pk=retried)).status == TaskResultStatus.SUCCESSFUL
    assert task_status(admin_client, retried)["state"] == "succeeded"
    assert ImportRecord.objects.count() == 1


@pytest.mark.django_db
def test_a_build_past_its_time_limit_leaves_every_download_whole_and_fails(settings, monkeypatch):
    build_open_data()
    directory = settings.OPENDATA_DIR
    before = {name: (directory / name).read_bytes() for name in opendata.FILES}
    # The first download is written, then overstays the limit before it is renamed into place
    # (the limit strikes in the sleep, not in a query of this test's transaction).
    first = next(iter(opendata.FILES))
    write = opendata.FILES[first]

    def slow(out):
        write(out)
        time.sleep(60)

    monkeypatch.setitem(opendata.FILES, first, slow)
    settings.TASK_TIME_LIMIT = 5
    queued = opendata.build_open_data.enqueue()
    result = run_with_time_limit(DBTaskResult.objects.get(pk=queued.id))
    assert result.status == TaskResultStatus.FAILED
    assert result.exception_class_path == TIME_LIMIT
    assert progress.failure_reason(result) == "Stopped: the task ran past its time limit (5 s)."
    assert {name: (directory / name).read_bytes() for name in opendata.FILES} == before
    assert list(directory.glob(".*.part")) == []


# The real worker process ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def server_env(tmp_path_factory):
    with import_worker_database(tmp_path_factory, "timelimit") as prepared:
        yield prepared


def test_a_real_worker_stops_an_import_past_its_limit_writes_nothing_and_a_retry_succeeds(server_env):
    database, env, tmp_path = server_env
    file = tmp_path / "pairs.csv"
    file.write_bytes(pairs_csv())
    manage(env, "import_registry", "pairings", str(file), "--background")

    with worker({**env, "REGISTRY_TASK_TIME_LIMIT": "1"}) as limited:
        wait_for(lambda: import_task(database)[0][1] == "FAILED", seconds=120, interval=0.2)
        assert limited.poll() is None  # the worker stopped the task, not itself
    [failed] = import_task(database)
    assert failed[2] == TIME_LIMIT
    assert written(database) == (0, 0, 0)  # nothing half-written
    shown = manage(
        env,
        "shell",
        "-c",
        "from django_tasks_db.models import DBTaskResult; "
        "from registry.tasks import progress; "
        f"r = DBTaskResult.objects.get(pk='{failed[0]}'); "
        "print(progress.describe(progress.state(r)), progress.failure_reason(r))",
    ).stdout
    assert shown.strip().splitlines()[-1] == (
        "Failed: nothing was written. Try again. Stopped: the task ran past its time limit (1 s)."
    )

    with worker({**env, "REGISTRY_TASK_TIME_LIMIT": "600"}):
        # Staff press "Try again" (the admin's retry): the same upload is imported.
        manage(
            env,
            "shell",
            "-c",
            "from django_tasks_db.models import DBTaskResult; from registry.tasks import imports; "
            f"imports.retry(DBTaskResult.objects.get(pk='{failed[0]}'))",
        )
        wait_for(lambda: import_task(database)[-1][1] == "SUCCESSFUL", seconds=300, interval=0.2)
    assert written(database)[:2] == (CITIES_CN * CITIES_US, 1)
