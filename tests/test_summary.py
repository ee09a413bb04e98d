"""The statistics' summary, kept per data version (registry/summary.py, registry/data_state.py):
the version moves once per committed write, never for a rolled-back one; a page never shows the
counts of an older version; the worker computes the summary after a write, so pages only read it."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from registry import data_state, summary
from registry.models import Pairing, Summary
from registry.tasks.compat import TaskResultStatus
from registry.tasks.summary import refresh_summary

from .factories import CityPairingFactory
from .helpers import in_process_worker

pytestmark = pytest.mark.django_db(transaction=True)


def summary_tasks():
    return DBTaskResult.objects.filter(task_path=refresh_summary.module_path)


def write_then_fail():
    with transaction.atomic():
        CityPairingFactory()
        raise RuntimeError


def test_a_transaction_of_many_writes_moves_the_version_once_when_it_commits():
    before = data_state.current()
    with transaction.atomic():
        CityPairingFactory.create_batch(3)
        assert data_state.current() == before  # not before the commit
        assert data_state.pending()
    assert data_state.current() == before + 1
    assert not data_state.pending()
    pairing = Pairing.objects.first()
    for _transaction in range(2):
        with transaction.atomic():
            pairing.save()  # the pair and its history row
    assert data_state.current() == before + 3


def test_a_rolled_back_write_leaves_the_version_and_the_summary():
    CityPairingFactory()
    stored = summary.current()
    version = data_state.current()
    with pytest.raises(RuntimeError):
        write_then_fail()
    assert data_state.current() == version
    assert not data_state.pending()
    assert summary.current() == stored
    assert Summary.objects.get().version == version


def test_a_write_rolled_back_to_a_savepoint_does_not_count_but_a_later_one_does():
    before = data_state.current()
    with transaction.atomic():
        with pytest.raises(RuntimeError):
            write_then_fail()  # a savepoint inside the transaction
        assert not data_state.pending()
        CityPairingFactory()
    assert data_state.current() == before + 1


def test_the_pages_never_show_counts_of_an_older_version(client):
    CityPairingFactory()
    assert b"1 pair:" in client.get("/en/").content
    assert Summary.objects.get().data["headline"]["total"] == 1
    CityPairingFactory()  # committed: a new version, whose summary is not stored yet
    assert b"2 pairs:" in client.get("/en/").content
    statistics = client.get("/en/statistics/").context["counts"]
    assert statistics["total"] == 2
    # Only the current version's summary is kept.
    assert list(Summary.objects.values_list("version", flat=True)) == [data_state.current()]


def test_a_summary_computed_while_a_write_commits_is_kept_for_the_old_version_only():
    CityPairingFactory()
    version = data_state.current()
    stale = summary.compute()
    CityPairingFactory()
    summary.store(version, stale)  # finished after the write: stored under the version it read
    assert summary.current()["headline"]["total"] == 2


def test_the_worker_computes_the_summary_after_a_write_and_pages_then_only_read_it(client):
    pairing = CityPairingFactory(is_published=False)
    DBTaskResult.objects.all().delete()
    Pairing.objects.filter(pk=pairing.pk).update(public_note="no signal")  # nothing queued
    assert not summary_tasks().exists()
    pairing.is_published = True
    pairing.save()
    pairing.save()
    [queued] = summary_tasks()  # one waiting task for both writes
    assert not Summary.objects.filter(version=data_state.current()).exists()

    queued.claim("test-worker")
    in_process_worker().run_task(queued)

    assert summary_tasks().get().status == TaskResultStatus.SUCCESSFUL
    assert Summary.objects.get(version=data_state.current()).data["headline"]["total"] == 1
    with CaptureQueriesContext(connection) as queries:
        assert b"1 pair:" in client.get("/en/").content
    assert not any("COUNT(" in query["sql"].upper() for query in queries.captured_queries)
