"""The whole-registry downloads as a task: built after writes (on commit, debounced), each file
replaced atomically, served as a file; before the first build a download says it is being
prepared (503), never builds inside the request and never fails with a 500."""

import csv
import io
import json
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from registry.models import Pairing
from registry.tasks import opendata
from registry.tasks.compat import TaskResultStatus
from registry.tasks.models import WorkerHeartbeat
from registry.tasks.workers import fail_lost_tasks

from .factories import CityPairingFactory
from .helpers import body, build_open_data

BUILD = opendata.build_open_data.module_path


def builds(status=TaskResultStatus.READY):
    return DBTaskResult.objects.filter(task_path=BUILD, status=status)


@pytest.mark.django_db
def test_before_the_first_build_a_download_is_being_prepared_and_a_build_is_queued(client):
    response = client.get("/zh-hans/open-data/pairings.csv")
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "no-store" in response["Cache-Control"]
    assert "正在准备" in response.content.decode()  # in the page's language
    assert builds().count() == 1
    client.get("/en/open-data/sister-pairs.geojson")
    assert builds().count() == 1  # one build for every download that asks


@pytest.mark.django_db
def test_a_download_is_the_built_file_and_a_request_never_reads_the_registry(
    client, django_assert_num_queries
):
    CityPairingFactory()
    build_open_data()
    with django_assert_num_queries(0):
        response = client.get("/en/open-data/pairings.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert len(list(csv.DictReader(io.StringIO(body(response).decode("utf-8-sig"))))) == 1


@pytest.mark.django_db
def test_the_build_writes_every_download_and_a_manifest(settings):
    CityPairingFactory()
    manifest = build_open_data()
    assert set(manifest["files"]) == set(opendata.FILES)
    assert json.loads((settings.OPENDATA_DIR / "manifest.json").read_text()) == manifest
    assert (
        json.loads((settings.OPENDATA_DIR / "sister-pairs.geojson").read_text())["type"]
        == "FeatureCollection"
    )


@pytest.mark.django_db
def test_a_build_that_fails_midway_leaves_the_previous_file_whole_and_no_temporary(settings):
    CityPairingFactory()
    build_open_data()
    target = settings.OPENDATA_DIR / "pairings.csv"
    before = target.read_bytes()

    def half_then_fail(out):
        out.write(b"side_a_country,side_a_prov")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        opendata.write_atomically(target, half_then_fail)
    assert target.read_bytes() == before
    assert list(settings.OPENDATA_DIR.glob(".*.part")) == []


@pytest.mark.django_db
def test_a_leftover_of_a_killed_build_is_never_served_and_is_removed(settings, client):
    settings.OPENDATA_DIR.mkdir(parents=True)
    leftover = settings.OPENDATA_DIR / ".pairings.csv.abc.part"
    leftover.write_bytes(b"half")
    assert client.get("/en/open-data/pairings.csv").status_code == 503
    build_open_data()
    assert not leftover.exists()


@pytest.mark.django_db(transaction=True)
def test_writes_queue_one_build_after_they_commit_debounced(settings):
    settings.OPENDATA_DEBOUNCE_SECONDS = 10
    pairing = CityPairingFactory()
    assert builds().count() == 1
    queued = builds().get()
    assert queued.run_after > queued.enqueued_at + timedelta(seconds=9)  # waits for more writes
    pairing.public_note = "changed"
    pairing.save()
    Pairing.objects.filter(pk=pairing.pk).update(status="active")  # no signal: no build of its own
    assert builds().count() == 1  # the waiting build will read these writes too


@pytest.mark.django_db(transaction=True)
def test_a_write_rolled_back_queues_nothing():
    from django.db import transaction

    def write_then_fail():
        with transaction.atomic():
            CityPairingFactory()
            raise RuntimeError

    with pytest.raises(RuntimeError):
        write_then_fail()
    assert builds().count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_write_while_a_build_runs_queues_the_next(settings):
    CityPairingFactory()
    builds().update(status=TaskResultStatus.RUNNING, worker_ids=["w1"])
    WorkerHeartbeat.objects.create(worker_id="w1", hostname="h", pid=1, seen_at=timezone.now())
    CityPairingFactory()
    assert builds().count() == 1  # the running build may have read before this write


@pytest.mark.django_db
def test_a_build_whose_worker_stopped_beating_is_failed_and_queued_again(settings):
    settings.TASK_WORKER_LOST_SECONDS = 30
    result = opendata.build_open_data.enqueue()
    DBTaskResult.objects.filter(pk=result.id).update(status=TaskResultStatus.RUNNING, worker_ids=["gone"])
    WorkerHeartbeat.objects.create(
        worker_id="gone", hostname="h", pid=1, seen_at=timezone.now() - timedelta(seconds=31)
    )
    alive = opendata.build_open_data.enqueue()
    DBTaskResult.objects.filter(pk=alive.id).update(status=TaskResultStatus.RUNNING, worker_ids=["alive"])
    WorkerHeartbeat.objects.create(worker_id="alive", hostname="h", pid=2, seen_at=timezone.now())

    lost = fail_lost_tasks()

    assert [str(task.pk) for task in lost] == [result.id]
    failed = DBTaskResult.objects.get(pk=result.id)
    assert failed.status == TaskResultStatus.FAILED
    assert failed.exception_class_path == "registry.tasks.workers.WorkerLost"
    assert DBTaskResult.objects.get(pk=alive.id).status == TaskResultStatus.RUNNING
    assert builds().count() == 1  # queued again, to run now
    assert builds().get().run_after <= timezone.now()
