"""The task worker as a real process, on the suite's database (PostgreSQL in CI): killed with
kill -9 in the middle of an open-data build, it leaves no half-written download (each file is the
previous build's or the new one's, complete), its task is marked failed (WorkerLost) by the next
worker, and the build is queued again and succeeds. And `make demo`'s Procfile: honcho starts the
web server and the worker side by side, and Ctrl-C (SIGINT) stops both."""

import csv
import io
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from .live_server import ROOT, clean_environment, free_port, get, manage, server_database
from .workers import query, wait_for, worker

CHANGED_NOTE = "Changed just before the worker was killed"


def tasks(database):
    return query(
        database,
        "SELECT id, status, exception_class_path FROM django_tasks_database_dbtaskresult "
        "ORDER BY enqueued_at",
    )


def assert_every_download_is_whole(directory, pairs):
    """Each served file parses completely and holds every published pair (or place, activity)."""
    rows = list(csv.DictReader(io.StringIO((directory / "pairings.csv").read_text(encoding="utf-8-sig"))))
    assert len(rows) == pairs
    assert len(json.loads((directory / "pairings.json").read_text())) == pairs
    sheet = openpyxl.load_workbook(directory / "pairings.xlsx", read_only=True).active
    assert sum(1 for _row in sheet.iter_rows(values_only=True)) == pairs + 1
    for name in ("places", "activities"):
        json.loads((directory / f"{name}.json").read_text())
        openpyxl.load_workbook(directory / f"{name}.xlsx", read_only=True)
        assert (directory / f"{name}.csv").read_bytes().endswith(b"\r\n")
    assert json.loads((directory / "sister-pairs.geojson").read_text())["type"] == "FeatureCollection"


@pytest.fixture(scope="module")
def server_env(tmp_path_factory):
    """A migrated database with the demo data, shared by this module's tests (loading takes a while)."""
    tmp_path = tmp_path_factory.mktemp("worker")
    with server_database(tmp_path, "worker", prepared="migrated") as database:
        env = clean_environment(
            DATABASE_URL=database.url,
            REGISTRY_OPENDATA_DIR=str(tmp_path / "opendata"),
            REGISTRY_OPENDATA_DEBOUNCE_SECONDS="0",
            REGISTRY_TASK_HEARTBEAT_SECONDS="1",
            REGISTRY_TASK_WORKER_LOST_SECONDS="4",
        )
        manage(env, "load_demo")  # its writes queue a build
        yield database, env, tmp_path / "opendata"


def test_a_worker_killed_mid_build_leaves_whole_files_and_its_task_failed_then_a_retry_succeeds(server_env):
    database, env, directory = server_env
    pairs = query(database, "SELECT count(*) FROM registry_pairing WHERE is_published")[0][0]
    with worker(env):
        wait_for(lambda: (directory / "manifest.json").exists())
    before = (directory / "pairings.csv").read_bytes()
    assert CHANGED_NOTE.encode() not in before

    with worker(env) as doomed:
        # A write through the model, as the admin makes it: its commit queues the next build.
        manage(
            env,
            "shell",
            "-c",
            "from registry.models import Pairing; p = Pairing.objects.get(slug='hubei-ohio'); "
            f"p.public_note = {CHANGED_NOTE!r}; p.save()",
        )
        # Kill it once the build has written at least one file and not yet all of them.
        running = wait_for(
            lambda: query(
                database,
                "SELECT t.id FROM django_tasks_database_dbtaskresult t JOIN registry_taskprogress p "
                "ON p.task_id = t.id WHERE t.status = 'RUNNING' AND p.done >= 1 AND p.done < p.total",
            )
        )
        os.kill(doomed.pid, signal.SIGKILL)
        doomed.wait(timeout=10)
    killed = str(running[0][0]).replace("-", "")

    assert {str(row[0]).replace("-", ""): row[1] for row in tasks(database)}[killed] == "RUNNING"
    assert_every_download_is_whole(directory, pairs)  # old or new, never a part

    with worker(env):
        # The next worker sees the dead one stop beating: the task fails, a build runs again.
        def settled():
            rows = {str(row[0]).replace("-", ""): row for row in tasks(database)}
            last = tasks(database)[-1]
            return rows[killed][1] == "FAILED" and last[1] == "SUCCESSFUL" and rows

        rows = wait_for(settled, seconds=120, interval=0.2)
    assert rows[killed][2] == "registry.tasks.workers.WorkerLost"
    assert_every_download_is_whole(directory, pairs)
    assert CHANGED_NOTE in (directory / "pairings.csv").read_text(encoding="utf-8-sig")
    assert list(directory.glob(".*.part")) == []


def children(pid):
    """Every live descendant of `pid` (from /proc)."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def alive(pid):
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_the_demo_runs_the_web_server_and_the_worker_and_ctrl_c_stops_both(server_env):
    database, env, directory = server_env
    port = free_port()
    honcho = Path(sys.executable).parent / "honcho"
    process = subprocess.Popen(
        [str(honcho), "start"],
        cwd=ROOT,
        env={**env, "DEMO_ADDRESS": f"127.0.0.1:{port}"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(lambda: _answers(f"http://127.0.0.1:{port}/health/live"), seconds=120, interval=0.5)
        # The worker runs: it beats, and builds the downloads load_demo's writes queued.
        wait_for(lambda: query(database, "SELECT count(*) FROM registry_workerheartbeat")[0][0], interval=0.5)
        wait_for(lambda: (directory / "manifest.json").exists(), interval=0.5)
        status, _body = get(f"http://127.0.0.1:{port}/en/open-data/pairings.csv")
        assert status == 200
        started = children(process.pid)
        assert len(started) >= 4  # a shell and a Python process for each of web and worker
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
        wait_for(lambda: not any(alive(pid) for pid in started), seconds=30, interval=0.2)
    finally:
        if process.poll() is None:
            process.kill()
    assert not _answers(f"http://127.0.0.1:{port}/health/live")


def _answers(url):
    try:
        return get(url)[0] == 200
    except OSError:
        return False
