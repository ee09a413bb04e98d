"""Imports as tasks, with the worker's own code run in the test's process (the real worker process,
killed mid-import, is tests/test_tasks_imports_worker.py): an XLSX or a large file is previewed and
confirmed by a task; the progress page opens the preview when it is ready; a waiting preview can
be cancelled; a failed import says nothing was written and can be tried again; only the uploader
or an administrator sees it; and the command line's --background."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from registry.imports import uploads
from registry.models import ImportRecord
from registry.tasks import imports
from registry.tasks.compat import TaskResultStatus
from registry.tasks.models import TaskProgress
from registry.tasks.workers import WorkerLost

from .helpers import (
    TASK_PAGES,
    import_url,
    imported_tasks,
    run_import_tasks,
    task_id,
    task_status,
    upload_xlsx,
)
from .imports_helpers import as_xlsx, data, fingerprint, pair

pytestmark = pytest.mark.django_db

TASKS = TASK_PAGES


def importer(django_user_model, name="importer-user", role="importer"):
    user = django_user_model.objects.create_user(name, password="x" * 12, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    client = Client()
    client.force_login(user)
    return user, client


def test_an_xlsx_is_previewed_and_confirmed_by_tasks(admin_client, demo_data):
    before = fingerprint()
    preview_task = task_id(upload_xlsx(admin_client))
    owner = TaskProgress.objects.get(task_id=preview_task)
    assert owner.kind == "import"
    assert owner.user.is_superuser
    page = admin_client.get(f"{TASKS}{preview_task}/change/").content.decode()
    assert "Check an uploaded file (preview)" in page
    assert 'id="task-cancel"' in page
    assert task_status(admin_client, preview_task)["state"] == "waiting"
    token = DBTaskResult.objects.get(pk=preview_task).args_kwargs["kwargs"]["token"]
    # The preview is not there yet: its address leads back to the progress page.
    assert task_id(admin_client.get(import_url("import_preview", token=token))) == preview_task

    run_import_tasks()
    done = task_status(admin_client, preview_task)
    assert done["state"] == "succeeded"
    assert done["next"] == import_url("import_preview", token=token)  # the page opens it
    assert done["summary"] == "Checked: 1 new, 1 updated, 2 unchanged, 0 with errors."
    assert (done["stage"], done["done"], done["total"]) == ("checked", 4, 4)
    preview = admin_client.get(done["next"])
    assert preview.context["counts"] == {
        "new": 1,
        "updated": 1,
        "unchanged": 2,
        "error": 0,
        "skipped": 1,
        "new_places": 0,
    }
    assert "Confirm import" in preview.content.decode()
    assert fingerprint() == before  # a preview writes nothing

    confirm_task = task_id(admin_client.post(import_url("import_confirm", token=token)))
    assert fingerprint() == before
    run_import_tasks()
    done = task_status(admin_client, confirm_task)
    record = ImportRecord.objects.get()
    assert done["next"] == reverse("admin:registry_importrecord_change", args=[record.pk])
    assert done["summary"].startswith("pairs.xlsx imported: 1 new, 1 updated, 2 unchanged")
    assert (done["stage"], done["done"]) == ("written", 4)
    assert pair("cn-hubei-wuhan", "us-illinois-chicago").history.get().history_user.is_superuser
    assert uploads.load(token, kind="pairings", user_id=record.user_id) is None
    # Staff who left come back to the task list: both imports, with their outcome.
    listing = admin_client.get(TASKS).content.decode()
    assert "Import an uploaded file" in listing
    assert "pairs.xlsx imported: 1 new" in listing


def test_a_csv_over_the_threshold_runs_as_a_task_and_a_small_one_in_the_request(
    admin_client, demo_data, settings
):
    settings.REGISTRY_IMPORT_BACKGROUND_ROWS = 10
    small = admin_client.post(
        import_url("import"), {"file": SimpleUploadedFile("a.csv", data("pairings_new.csv"))}
    )
    assert small["Location"].startswith(import_url("import"))  # its preview, in the request
    settings.REGISTRY_IMPORT_BACKGROUND_ROWS = 3
    task_id(
        admin_client.post(
            import_url("import"), {"file": SimpleUploadedFile("a.csv", data("pairings_new.csv"))}
        )
    )


def test_a_preview_checked_by_a_task_is_paginated_and_shows_its_errors(admin_client, demo_data, settings):
    settings.REGISTRY_IMPORT_BACKGROUND_ROWS = 10
    header = "side_a_country,side_a_province,side_b_country,side_b_province\n"
    body = header + "CN,Hubei,US,Ohio\n" * 250
    preview_task = task_id(
        admin_client.post(import_url("import"), {"file": SimpleUploadedFile("many.csv", body.encode())})
    )
    run_import_tasks()
    address = task_status(admin_client, preview_task)["next"]
    page_two = admin_client.get(address + "?page=2")
    assert [row.number for row in page_two.context["page"].object_list] == list(range(102, 202))
    page_three = admin_client.get(address + "?page=3")
    assert len(page_three.context["page"].object_list) == 50
    assert page_three.context["counts"]["error"] == 249
    assert len(page_three.context["errors"]) == 249
    assert "Confirm import" not in page_three.content.decode()


def test_a_waiting_preview_can_be_cancelled(admin_client, demo_data):
    preview_task = task_id(upload_xlsx(admin_client))
    token = DBTaskResult.objects.get(pk=preview_task).args_kwargs["kwargs"]["token"]
    response = admin_client.post(import_url("import_cancel", token=token), follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Import of pairs.xlsx cancelled: nothing was written."
    ]
    assert not DBTaskResult.objects.filter(pk=preview_task).exists()
    assert not TaskProgress.objects.filter(task_id=preview_task).exists()
    assert admin_client.get(import_url("import_preview", token=token))["Location"] == import_url("import")


def test_a_failed_import_says_nothing_was_written_and_a_retry_succeeds(admin_client, demo_data):
    before = fingerprint()
    preview_task = task_id(upload_xlsx(admin_client))
    run_import_tasks()
    token = DBTaskResult.objects.get(pk=preview_task).args_kwargs["kwargs"]["token"]
    confirm_task = task_id(admin_client.post(import_url("import_confirm", token=token)))
    # What the worker's heartbeat does with a task whose worker was killed.
    result = DBTaskResult.objects.get(pk=confirm_task)
    result.claim("dead-worker")
    result.set_failed(WorkerLost("worker dead-worker stopped"))
    failed = task_status(admin_client, confirm_task)
    assert failed["message"] == "Failed: nothing was written. Try again."
    assert failed["reason"] == "WorkerLost: worker dead-worker stopped"
    page = admin_client.get(f"{TASKS}{confirm_task}/change/").content.decode()
    assert 'id="task-retry" hidden' not in page
    assert 'id="task-retry"' in page
    assert fingerprint() == before

    retried = task_id(admin_client.post(f"{TASKS}{confirm_task}/retry/"))
    assert retried != confirm_task
    assert TaskProgress.objects.get(task_id=retried).user.is_superuser
    run_import_tasks()
    assert task_status(admin_client, retried)["state"] == "succeeded"
    assert ImportRecord.objects.count() == 1


def test_a_confirm_that_finds_errors_fails_and_writes_nothing(admin_client, demo_data):
    preview_task = task_id(
        admin_client.post(
            import_url("import"),
            {"file": SimpleUploadedFile("bad.xlsx", as_xlsx(data("pairings_errors.csv")))},
        )
    )
    run_import_tasks()
    token = DBTaskResult.objects.get(pk=preview_task).args_kwargs["kwargs"]["token"]
    preview = admin_client.get(import_url("import_preview", token=token))
    assert preview.context["counts"]["error"] == 7
    assert "Confirm import" not in preview.content.decode()
    before = fingerprint()
    confirm_task = task_id(admin_client.post(import_url("import_confirm", token=token)))
    run_import_tasks()
    failed = task_status(admin_client, confirm_task)
    assert failed["state"] == "failed"
    assert failed["reason"].startswith("ImportFailed: 7 row(s) with errors: nothing was written.")
    assert fingerprint() == before


def test_only_the_uploader_or_an_administrator_sees_an_import(django_user_model, demo_data):
    _uploader, own = importer(django_user_model)
    _other, other = importer(django_user_model, name="other-importer")
    _admin, administrator = importer(django_user_model, name="admin-user", role="administrator")
    preview_task = task_id(upload_xlsx(own))
    run_import_tasks()
    token = DBTaskResult.objects.get(pk=preview_task).args_kwargs["kwargs"]["token"]
    assert own.get(import_url("import_preview", token=token)).status_code == 200
    for client, visible in ((own, True), (other, False), (administrator, True)):
        for page in (f"{TASKS}{preview_task}/change/", f"{TASKS}{preview_task}/progress.json"):
            assert client.get(page).status_code == (200 if visible else 404)
        assert (preview_task in client.get(TASKS).content.decode()) is visible
    # Someone else's upload: no preview, no confirm, no retry.
    assert other.get(import_url("import_preview", token=token))["Location"] == import_url("import")
    assert other.post(import_url("import_confirm", token=token))["Location"] == import_url("import")
    assert other.post(f"{TASKS}{preview_task}/retry/").status_code == 404
    assert imported_tasks().count() == 1


def test_an_import_waiting_without_a_worker_says_so(admin_client, demo_data, settings):
    settings.TASK_WAITING_SECONDS = -1
    preview_task = task_id(upload_xlsx(admin_client))
    assert task_status(admin_client, preview_task)["state"] == "waiting_for_worker"
    assert "Waiting for a worker" in admin_client.get(TASKS).content.decode()


def test_the_progress_page_of_an_import_in_chinese(admin_client, demo_data):
    preview_task = task_id(upload_xlsx(admin_client))
    html = admin_client.get(f"/zh-hans{TASKS[3:]}{preview_task}/change/").content.decode()
    assert "检查上传的文件（预览）" in html
    assert "取消此次导入" in html
    form = admin_client.get("/zh-hans/admin/registry/pairing/import/").content.decode()
    assert "大文件和所有 XLSX 工作簿由后台任务检查并写入" in form
    assert 'href="/zh-hans/admin/django_tasks_database/dbtaskresult/"' in form


def test_the_command_line_queues_an_import_with_background(demo_data, tmp_path):
    file = tmp_path / "pairs.csv"
    file.write_bytes(data("pairings_new.csv"))
    out = StringIO()
    call_command("import_registry", "pairings", str(file), "--background", stdout=out)
    [result] = imported_tasks()
    assert f"Queued as task {result.id}" in out.getvalue()
    assert result.task_path == imports.confirm_import.module_path
    assert TaskProgress.objects.get(task_id=result.id).user is None
    run_import_tasks()
    result.refresh_from_db()
    assert result.status == TaskResultStatus.SUCCESSFUL
    record = ImportRecord.objects.get()
    assert record.user is None
    assert record.new == 1
