"""The corpus of bad inputs (tests/data/bad/): one test runs every bad file and hostile request and
asserts for each that there is no server error, that the database is unchanged (row counts and a
checksum of every registry table, history and link tables included) and that the answer names what
is wrong."""

import hashlib
import html
import io

import openpyxl
import pytest
from django.apps import apps
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from registry.imports.formulas import TRIGGERS
from registry.models import ExchangeActivity, Jurisdiction, Pairing, Suggestion

from .data.bad.cases import FILE_CASES, GOOD_SUGGESTION, REQUEST_CASES, SUGGESTION_CASES
from .factories import ChineseCityFactory, CityPairingFactory
from .helpers import after_import_task
from .imports_helpers import DATA

BAD = DATA / "bad" / "files"
pytestmark = pytest.mark.django_db


TASK_BOOKKEEPING = {"taskprogress", "workerheartbeat"}


def database_state():
    """Row count and content checksum of every registry table, history and link tables included
    (not the task queue's bookkeeping: an import handed to the worker records its task). On
    PostgreSQL the server computes them, in one query (this runs a few times per case, and reading
    some fifty tables' rows into Python took 60 ms)."""
    tables = {
        model._meta.label_lower: connection.ops.quote_name(model._meta.db_table)
        for model in apps.get_app_config("registry").get_models(include_auto_created=True)
        if model._meta.model_name not in TASK_BOOKKEEPING
    }
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                " UNION ALL ".join(
                    f"SELECT '{label}', count(*), "
                    f"md5(coalesce(string_agg(r::text, '|' ORDER BY r::text), '')) FROM {table} r"
                    for label, table in tables.items()
                )
            )
            return {label: (count, checksum) for label, count, checksum in cursor.fetchall()}
        state = {}
        for label, table in tables.items():
            cursor.execute(f"SELECT * FROM {table}")
            rows = sorted(map(repr, cursor.fetchall()))
            state[label] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
        return state


def changed_tables(before):
    after = database_state()
    return {label for label in after if after[label] != before[label]}


def answer_text(response):
    """Everything the answer says: status, Location, Allow, messages and body."""
    messages = (
        [str(m) for m in response.context["messages"]]
        if response.context and "messages" in response.context
        else []
    )
    return "\n".join(
        [
            str(response.status_code),
            response.get("Location", ""),
            f"Allow: {response['Allow']}" if response.has_header("Allow") else "",
            *messages,
            response.content.decode(errors="replace"),
        ]
    )


def assert_no_server_error(response):
    for url, status in getattr(response, "redirect_chain", []):
        assert status < 500, url
    assert response.status_code < 500


# Files -------------------------------------------------------------------------------------------


def admin_url(kind, view, **kwargs):
    model = {"pairings": "pairing", "jurisdictions": "jurisdiction", "activities": "exchangeactivity"}[kind]
    return reverse(f"admin:registry_{model}_{view}", kwargs=kwargs)


def import_through_the_admin(client, case):
    """Upload → preview → confirm; returns (preview or refusal response, confirm response or None)."""
    body = (BAD / case.file).read_bytes()
    uploaded = client.post(admin_url(case.kind, "import"), {"file": SimpleUploadedFile(case.file, body)})
    assert_no_server_error(uploaded)
    if uploaded.status_code == 200:  # the form refused it (size)
        return uploaded, None
    # Every XLSX is previewed and confirmed by a task on the worker (registry/tasks/imports.py).
    preview = after_import_task(client, uploaded)
    if preview is uploaded:
        preview = client.get(uploaded["Location"], follow=True)
    assert_no_server_error(preview)
    if "plan" not in (preview.context or {}):
        return preview, None
    confirm = client.post(admin_url(case.kind, "import_confirm", token=preview.context["token"]))
    confirm = after_import_task(client, confirm)
    if confirm.status_code == 302:
        confirm = client.get(confirm["Location"], follow=True)
    assert_no_server_error(confirm)
    return preview, confirm


def check_refused_file(case, client):
    before = database_state()
    refusal, confirm = import_through_the_admin(client, case)
    assert confirm is None
    # As read: a refusal by the worker is on the task's page, where "template's" is template&#x27;s.
    assert case.message in html.unescape(answer_text(refusal))
    assert changed_tables(before) == set()
    with pytest.raises(CommandError) as refused:
        call_command(
            "import_registry", case.kind, str(BAD / case.file), stdout=io.StringIO(), stderr=io.StringIO()
        )
    assert case.message in str(refused.value)
    assert changed_tables(before) == set()


def check_row_error(case, client):
    before = database_state()
    preview, confirm = import_through_the_admin(client, case)
    errors = [(number, error.column, error.message) for number, error in preview.context["plan"].errors]
    assert any(
        number == case.row and (case.column is None or column == case.column) and case.message in message
        for number, column, message in errors
    ), errors
    assert "Confirm import" not in preview.content.decode()
    # In the request, or as the failed task's reason when the worker confirmed it (every XLSX).
    assert "nothing was written" in answer_text(confirm)
    assert changed_tables(before) == set()
    stderr = io.StringIO()
    with pytest.raises(CommandError, match=r"row\(s\) with errors: nothing was written"):
        call_command("import_registry", case.kind, str(BAD / case.file), stdout=io.StringIO(), stderr=stderr)
    column = case.column or ""
    assert f"{case.file}, row {case.row}, column {column}" in stderr.getvalue()
    assert case.message in stderr.getvalue()
    assert changed_tables(before) == set()


def check_stored_as_text(case, client, tmp_path):
    """A valid file with hostile text: written once, exactly as text, neutralised on export and
    escaped in the admin."""
    before = database_state()
    _preview, confirm = import_through_the_admin(client, case)
    assert case.message in answer_text(confirm)
    # A confirmed admin import is also recorded in the import log.
    assert changed_tables(before) == case.writes | {"registry.importrecord"}
    if case.kind == "jurisdictions":
        place = Jurisdiction.objects.get(name_en="<script>alert(1)</script>")
        changelist = client.get(admin_url("jurisdictions", "changelist") + "?q=script").content.decode()
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in changelist
        assert "<script>alert(1)" not in changelist
        assert place.name_zh == "脚本"
        return
    [pairing] = Pairing.objects.filter(public_note=case.stored)
    csv_export = client.get(admin_url(case.kind, "export", fmt="csv")).content.decode("utf-8-sig")
    xlsx_export = client.get(admin_url(case.kind, "export", fmt="xlsx")).content
    notes = [c.value for c in openpyxl.load_workbook(io.BytesIO(xlsx_export)).active["M"]]
    if case.stored.startswith(TRIGGERS):
        assert f"'{case.stored}" in csv_export
        assert f"'{case.stored}" in notes
        assert not any(isinstance(v, str) and v.startswith(TRIGGERS) for v in notes)
    change = client.get(reverse("admin:registry_pairing_change", args=[pairing.pk])).content.decode()
    assert "<script>alert(" not in change
    # Import again: the exported file gives back the stored value, unchanged (nothing written).
    again = database_state()
    call_command(
        "import_registry", case.kind, str(BAD / case.file), stdout=io.StringIO(), stderr=io.StringIO()
    )
    assert changed_tables(again) == set()


@pytest.mark.parametrize("case", FILE_CASES, ids=lambda c: c.id)
def test_bad_file(case, admin_client, demo_data, settings, tmp_path):
    for name, value in case.settings.items():
        setattr(settings, name, value)
    if case.writes:
        check_stored_as_text(case, admin_client, tmp_path)
    elif case.row is None:
        check_refused_file(case, admin_client)
    else:
        check_row_error(case, admin_client)


# Requests ----------------------------------------------------------------------------------------


def make_user(name, *codenames):
    user = User.objects.create_user(name, password="a-long-enough-password-42", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


def client_for(case, admin_user):
    client = Client(enforce_csrf_checks=case.csrf)
    users = {
        "admin": lambda: admin_user,
        "viewer": lambda: make_user("viewer", "view_pairing"),
        "other": lambda: make_user("other", "view_pairing", "import_pairing", "view_jurisdiction"),
    }
    if case.user != "anonymous":
        client.force_login(users[case.user]())
    return client


def upload(client, name="formula_cmd.csv"):
    body = (BAD / name).read_bytes()
    response = client.post(reverse("admin:registry_pairing_import"), {"file": SimpleUploadedFile(name, body)})
    return response["Location"].rstrip("/").rsplit("/", 1)[1]


def prepare(case, admin_user, settings):
    """The state a request case starts from; returns the values its path names."""
    public = Pairing.objects.public()
    values = {
        "admin": reverse("admin:index"),
        "pair": public.order_by("slug").first().slug,
        "place": public.order_by("slug").first().side_a.slug,
        "activity": ExchangeActivity.objects.filter(is_published=True).order_by("pk").first().pk,
    }
    if case.setup in ("upload", "expired", "confirmed"):
        owner = Client()
        owner.force_login(admin_user)
        if case.setup == "expired":
            settings.REGISTRY_IMPORT_UPLOAD_SECONDS = 0  # the cache forgets it at once
        values["token"] = upload(owner)
        if case.setup == "confirmed":
            done = owner.post(
                reverse("admin:registry_pairing_import_confirm", args=[values["token"]]), follow=True
            )
            assert "formula_cmd.csv imported" in answer_text(done)
    if case.setup == "script_pair":
        city = ChineseCityFactory(name_en="<script>alert('name')</script>", slug="cn-script")
        values["pair"] = CityPairingFactory(side_a=city, slug="script-pair").slug
    return values


@pytest.mark.parametrize("case", REQUEST_CASES, ids=lambda c: c.id)
def test_bad_request(case, admin_user, demo_data, settings):
    for name, value in case.settings.items():
        setattr(settings, name, value)
    values = prepare(case, admin_user, settings)
    client = client_for(case, admin_user)
    data = {name: SimpleUploadedFile(file, (BAD / file).read_bytes()) for name, file in case.data.items()}
    before = database_state()
    path = case.path.format(**values)
    if case.method in ("put", "patch", "delete"):
        response = getattr(client, case.method)(path, follow=case.follow)
    else:
        response = getattr(client, case.method)(path, data, follow=case.follow)
    assert_no_server_error(response)
    assert response.status_code in case.status
    text = answer_text(response)
    assert case.message in text
    if case.absent:
        assert case.absent not in text
    assert changed_tables(before) == set()


def test_the_write_cases_cover_every_public_url():
    """A public URL added later must join PUBLIC_PAGES, so its refusal of writes is tested too."""
    from django.urls import resolve

    from registry import urls

    from .data.bad.cases import FORM_PAGES, PUBLIC_PAGES

    covered = set()
    for path in PUBLIC_PAGES + FORM_PAGES:
        match = resolve(path.format(pair="hubei-ohio", place="cn-hubei", activity=1))
        covered.add(match.url_name)
    assert covered == {pattern.name for pattern in urls.urlpatterns}


@pytest.mark.parametrize("case", SUGGESTION_CASES, ids=lambda c: c.id)
def test_bad_suggestion(case, admin_client, demo_data):
    """No server error, a message saying what is wrong, nothing stored on refusal; hostile text
    that is still text is stored exactly and shown escaped in the review queue."""
    before = database_state()
    response = Client().post(f"/{case.lang}/suggest/", {**GOOD_SUGGESTION, **case.data})
    assert_no_server_error(response)
    assert response.status_code in case.status
    assert case.message in answer_text(response)
    if not case.stored:
        assert changed_tables(before) == set()
        return
    assert changed_tables(before) == {"registry.suggestion", "registry.historicalsuggestion"}
    suggestion = Suggestion.objects.get()
    assert suggestion.message == case.data["message"]
    review = admin_client.get(
        reverse("admin:registry_suggestion_change", args=[suggestion.pk])
    ).content.decode()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in review
    assert "<script>alert(" not in review
    assert "<img src=x" not in review
