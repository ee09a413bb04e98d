"""Task status for staff: the task list in the admin (running, waiting, finished with outcome),
the progress page and its JSON endpoint, the "waiting for a worker" warning, and who sees what:
import tasks only staff who may import, their own unless administrators."""

import uuid
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from registry.tasks import opendata
from registry.tasks.compat import TaskResultStatus
from registry.tasks.models import TaskProgress, WorkerHeartbeat

pytestmark = pytest.mark.django_db

LIST = "/en/admin/django_tasks_database/dbtaskresult/"


def page(task_id):
    return f"{LIST}{task_id}/change/"


def progress(task_id):
    return f"{LIST}{task_id}/progress.json"


def staff(django_user_model, role, name=None):
    user = django_user_model.objects.create_user(name or f"{role}-user", password="x" * 12, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    client = Client()
    client.force_login(user)
    return user, client


def queued_build(seconds_ago=0):
    result = opendata.build_open_data.enqueue()
    then = timezone.now() - timedelta(seconds=seconds_ago)
    DBTaskResult.objects.filter(pk=result.id).update(enqueued_at=then, run_after=then)
    return DBTaskResult.objects.get(pk=result.id)


def import_task(owner):
    """An import task row under registry.tasks.imports (no such task is queued yet; the visibility
    rule is ready for imports run as tasks)."""
    task = DBTaskResult.objects.create(
        task_path="registry.tasks.imports.import_file",
        args_kwargs={"args": [], "kwargs": {}},
        backend_name="default",
        run_after=timezone.now(),
    )
    TaskProgress.objects.create(task_id=task.id, kind="import", user=owner)
    return task


def test_a_build_waiting_without_a_worker_says_so_on_the_list_page_and_endpoint(django_user_model, settings):
    settings.TASK_WAITING_SECONDS = 15
    _user, client = staff(django_user_model, "viewer")
    result = queued_build(seconds_ago=60)
    listing = client.get(LIST).content.decode()
    assert "Waiting for a worker: no task worker is running" in listing
    assert "Rebuild the open-data downloads" in listing
    status = client.get(progress(result.id)).json()
    assert status["state"] == "waiting_for_worker"
    assert "run_worker" in status["message"]
    assert status["finished"] is False


def test_with_a_live_worker_a_queued_build_is_only_waiting(django_user_model):
    _user, client = staff(django_user_model, "viewer")
    result = queued_build(seconds_ago=60)
    WorkerHeartbeat.objects.create(worker_id="w", hostname="h", pid=1, seen_at=timezone.now())
    assert "Waiting for a worker" not in client.get(LIST).content.decode()
    assert client.get(progress(result.id)).json()["state"] == "waiting"


def test_a_just_queued_build_is_waiting_not_yet_a_worker_problem(django_user_model):
    _user, client = staff(django_user_model, "viewer")
    result = queued_build(seconds_ago=0)
    assert client.get(progress(result.id)).json()["state"] == "waiting"


def test_progress_of_a_running_task_and_the_outcome_of_a_failed_one(django_user_model):
    _user, client = staff(django_user_model, "viewer")
    running = queued_build()
    DBTaskResult.objects.filter(pk=running.id).update(status=TaskResultStatus.RUNNING)
    TaskProgress.objects.create(task_id=running.id, kind="opendata", stage="places.csv", done=4, total=10)
    status = client.get(progress(running.id)).json()
    assert (status["state"], status["stage"], status["done"], status["total"]) == (
        "running",
        "places.csv",
        4,
        10,
    )
    assert "4 / 10" in client.get(LIST).content.decode()

    failed = queued_build()
    DBTaskResult.objects.get(pk=failed.id).set_failed(RuntimeError("worker w stopped"))
    status = client.get(progress(failed.id)).json()
    assert status["state"] == "failed"
    assert status["finished"] is True
    assert status["message"] == "Failed: nothing was written. Try again."
    assert status["reason"] == "RuntimeError: worker w stopped"
    assert "RuntimeError: worker w stopped" in client.get(LIST).content.decode()


def test_the_progress_page_polls_with_an_external_script_only(django_user_model):
    _user, client = staff(django_user_model, "viewer")
    result = queued_build()
    response = client.get(page(result.id))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'src="/static/registry/task_progress.js"' in html
    assert f'data-url="{progress(result.id)}"' in html
    assert "<script>" not in html  # no inline script: the CSP forbids it
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_the_progress_page_of_a_finished_task_hides_its_empty_boxes(django_user_model):
    # The admin's .errornote is a block: the admin stylesheet keeps [hidden] hidden on this page.
    _user, client = staff(django_user_model, "viewer")
    result = queued_build()
    DBTaskResult.objects.get(pk=result.id).set_successful(None)
    html = client.get(page(result.id)).content.decode()
    assert 'href="/static/registry/admin.css"' in html
    assert '<p id="task-reason" class="errornote" hidden></p>' in html
    assert '<p id="task-next" hidden>' in html
    assert 'id="task-cancel"' not in html


def test_the_progress_page_in_chinese(django_user_model):
    _user, client = staff(django_user_model, "viewer")
    result = queued_build()
    html = client.get("/zh-hans" + page(result.id)[3:]).content.decode()
    assert "重新生成开放数据下载文件" in html
    assert "等待开始。" in html


@pytest.mark.parametrize(
    ("role", "sees_own", "sees_others"),
    [
        ("viewer", False, False),
        ("editor", False, False),
        ("importer", True, False),
        ("administrator", True, True),
    ],
)
def test_import_tasks_only_for_staff_who_may_import_and_only_their_own(
    django_user_model, role, sees_own, sees_others
):
    user, client = staff(django_user_model, role)
    other, _client = staff(django_user_model, "importer", name="other-importer")
    own, others = import_task(user), import_task(other)
    build = queued_build()
    listing = client.get(LIST).content.decode()
    assert str(build.id) in listing  # every staff member sees the open-data builds
    for task, visible in ((own, sees_own), (others, sees_others)):
        assert (str(task.id) in listing) is visible
        assert client.get(progress(task.id)).status_code == (200 if visible else 404)
        assert client.get(page(task.id)).status_code == (200 if visible else 404)


def test_anonymous_and_non_staff_see_nothing(django_user_model):
    result = queued_build()
    assert Client().get(progress(result.id)).status_code == 302  # to the login page
    user = django_user_model.objects.create_user("visitor", password="x" * 12)
    client = Client()
    client.force_login(user)
    assert client.get(progress(result.id)).status_code == 302
    assert client.get(LIST).status_code == 302


def test_an_unknown_task_is_a_404(django_user_model):
    _user, client = staff(django_user_model, "administrator")
    assert client.get(progress(uuid.uuid4())).status_code == 404


def test_nobody_may_add_change_or_delete_a_task_through_the_admin(django_user_model):
    _user, client = staff(django_user_model, "administrator")
    result = queued_build()
    assert client.post(page(result.id), {"status": "SUCCESSFUL"}).status_code in (200, 403)
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.READY
    assert client.get(f"{LIST}add/").status_code == 403
    assert client.post(f"{LIST}{result.id}/delete/", {"post": "yes"}).status_code == 403
    assert DBTaskResult.objects.filter(pk=result.id).exists()


@pytest.mark.parametrize("count", [1, 20])
def test_the_task_list_makes_the_same_number_of_queries_for_1_and_20_tasks(
    django_user_model, count, django_assert_max_num_queries
):
    _user, client = staff(django_user_model, "importer")
    for _ in range(count):
        task = queued_build(seconds_ago=60)
        TaskProgress.objects.create(task_id=task.id, kind="opendata", done=1, total=10)
    with django_assert_max_num_queries(14):
        assert client.get(LIST).status_code == 200
