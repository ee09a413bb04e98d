"""Helpers shared by the test modules (test modules import from here, never from each other)."""

import fcntl
import functools
import hashlib
import importlib.metadata
import pickle
import re
from html.parser import HTMLParser
from pathlib import Path

from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.test import Client

from registry.models import (
    ActivityCategory,
    Designation,
    ExchangeActivity,
    Jurisdiction,
    Level,
    Milestone,
    MilestoneKind,
    Pairing,
    PairingKind,
    Status,
    Tier,
)
from registry.roles import sync_roles


def registry_models():
    """Every table of the registry app: models, their history and their many-to-many links."""
    return list(apps.get_app_config("registry").get_models(include_auto_created=True))


def delete_registry_rows(models=None):
    """Empty every registry table (history and link tables included), or those of `models`, in one
    transaction.

    Foreign keys are checked at commit (Django declares them deferrable), so the order of the
    deletes does not matter and no protected row needs a cascade collector: a few statements instead
    of one query per row and relation."""
    with transaction.atomic(), connection.cursor() as cursor:
        for model in registry_models() if models is None else models:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")


# What a loader wrote, per loader: ([(model label, field names, rows of values)], its return value).
_snapshots = {}
# The same, kept on disk for the other test processes (pytest-xdist's workers, the browser tests'
# process, the next run): each file named by a digest of everything a loader's result depends on.
SNAPSHOTS = Path(__file__).resolve().parent.parent / ".test-snapshots"


@functools.cache
def inputs_digest():
    """The code and data the loaders read (registry/, fixtures/, data/, config/, and the test
    helpers that call them) and every installed package's version (the gazetteer's data comes
    from one)."""
    root = SNAPSHOTS.parent
    digest = hashlib.sha256()
    files = [
        path for folder in ("registry", "fixtures", "data", "config") for path in (root / folder).rglob("*")
    ]
    for path in sorted([*files, *root.glob("tests/*.py")]):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    packages = sorted(f"{d.metadata['Name']}=={d.version}" for d in importlib.metadata.distributions())
    digest.update("\n".join(packages).encode())
    return digest.hexdigest()[:16]


def load_once_then_copy(name, load, models):
    """Run `load()` the first time any test process asks for `name` (with this code and data),
    keeping a copy of every row it wrote to `models` and its return value, in this process and on
    disk; later calls insert that copy in bulk, a few statements instead of the loader's thousands
    of queries, and return the same value. A lock makes a second process wait for the first's copy
    instead of loading too."""
    if name not in _snapshots:
        SNAPSHOTS.mkdir(exist_ok=True)
        slug = name.replace(" ", "-")
        path = SNAPSHOTS / f"{slug}-{inputs_digest()}.pickle"
        with open(SNAPSHOTS / f"{slug}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if path.exists():
                _snapshots[name] = pickle.loads(path.read_bytes())
            else:
                value = _load_and_keep(name, load, models)
                written = path.with_suffix(".part")
                written.write_bytes(pickle.dumps(_snapshots[name]))
                written.replace(path)
                for stale in SNAPSHOTS.glob(f"{slug}-*.pickle"):  # older code's
                    if stale != path:
                        stale.unlink()
                return value
    rows, value = _snapshots[name]
    models = [apps.get_model(label) for label, _names, _values in rows]
    with transaction.atomic():
        # Foreign keys are checked at commit (deferrable), so a row may precede its parent.
        for model, (_label, names, values) in zip(models, rows, strict=True):
            objects = [model(**dict(zip(names, row, strict=True))) for row in values]
            model._base_manager.bulk_create(objects, batch_size=1000)
        # Rows were inserted with their primary keys: move the id sequences past them (PostgreSQL).
        statements = connection.ops.sequence_reset_sql(no_style(), models)
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    return value


def _load_and_keep(name, load, models):
    """Run the loader; keep each model's rows it wrote as plain values (the history models'
    instances cannot be pickled)."""
    # Rows already there (written by another module fixture first) are not this loader's.
    present = {model: set(model._base_manager.values_list("pk", flat=True)) for model in models}
    value = load()
    rows = []
    for model in models:
        names = [field.attname for field in model._meta.concrete_fields]
        written = model._base_manager.order_by("pk")
        if present[model]:
            written = written.exclude(pk__in=present[model])
        rows.append((model._meta.label_lower, names, list(written.values_list(*names))))
    _snapshots[name] = (rows, value)
    return value


def load_demo_data():
    """Load exactly what `manage.py load_demo` loads (the command the first time in a test
    process, a bulk copy of its rows after that: load_once_then_copy)."""
    load_once_then_copy("demo", lambda: call_command("load_demo", verbosity=0), registry_models())


def change_form_data(client, url):
    """The change form as a browser would post it back, unchanged."""
    context = client.get(url).context
    form = context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].initial
        data[name] = "" if value is None else getattr(value, "pk", value)
    # The history "revert" page has no inlines (its context is a ContextList: no .get()).
    inlines = context["inline_admin_formsets"] if "inline_admin_formsets" in context else []  # noqa: SIM401
    for formset in inlines:
        management = formset.formset.management_form
        for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"):
            data[f"{management.prefix}-{name}"] = management[name].value()
        for inline_form in formset.formset.initial_forms:
            for name in inline_form.fields:
                value = inline_form[name].value()
                if isinstance(value, list):
                    data[inline_form.add_prefix(name)] = [getattr(v, "pk", v) for v in value]
                elif value is not None:
                    data[inline_form.add_prefix(name)] = getattr(value, "pk", value)
    return data


def role_client(role):
    """A client logged in as a new staff member with one role (a group of registry/roles.py)."""
    sync_roles(apps)  # a transactional test before this one may have emptied the groups
    user = get_user_model().objects.create_user(
        f"{role}-reverter", password="a-long-enough-password-42", is_staff=True
    )
    user.groups.add(Group.objects.get(name=role))
    client = Client()
    client.force_login(user)
    return client


# Words that are the same in both languages' interfaces: format and standard names, codes.
NOT_ENGLISH = {
    "CSV", "XLSX", "JSON", "URL", "ISO", "ID", "GB", "T", "GeoNames", "Wikidata", "IP", "HTTP",
    "GET", "POST", "pbkdf", "sha", "md",  # pbkdf2_sha256, md5 (the tests' fast hasher): algorithms
    "CN", "US", "OH", "HB", "USD", "CNY", "Excel", "UTF", "FIPS",
    "LDAP", "Control", "Command", "Mac",  # key and system names
    "China", "Saint", "Louis",  # examples of names a file may use
    "clear",  # the clearing marker a file writes: (clear)
}  # fmt: skip
# What a spreadsheet cell may say: the stored values of every choice, quoted in the column help.
NOT_ENGLISH |= {
    word
    for choices in (Level, Designation, PairingKind, Tier, Status, MilestoneKind, ActivityCategory)
    for value in choices.values
    for word in value.split("_")
}
# Django's boolean icons carry Python's value as their alternative text; no catalogue changes it.
BOOLEAN_ALT = {"True", "False", "None"}
SKIPPED_TAGS = {"script", "style", "code", "pre", "option"}
WORD = re.compile(r"[A-Za-z][A-Za-z'’]+")
MASKED_HASH = re.compile(r"[\w/+=.$]+\*{4,}")  # the user form's password hash, shown masked


class TextCollector(HTMLParser):
    """The text a person reads: text nodes outside scripts and styles, plus titles, placeholders,
    button labels. <option> is skipped for model choices of records (data); choices are checked
    through the select's own options below."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.texts = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag not in {"br", "img", "input", "meta", "link", "hr"}:
            self.stack.append(tag)
        for name in ("title", "placeholder", "aria-label", "alt"):
            if attrs.get(name) and not (name == "alt" and attrs[name] in BOOLEAN_ALT):
                self.texts.append(attrs[name])
        if tag == "input" and attrs.get("type") in {"submit", "button"} and attrs.get("value"):
            self.texts.append(attrs["value"])

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop() == tag:
                break

    def handle_data(self, data):
        if any(tag in {"script", "style", "code", "pre"} for tag in self.stack):
            return
        if data.strip():
            self.texts.append(data.strip())


def data_strings():
    """Every text value stored in the tables the admin shows (places, pairs, users, groups, login
    attempts…) and the permissions' names, which Django stores in English: data, not interface."""
    values = set()
    for model in {*admin.site._registry, Permission, Jurisdiction, Pairing, Milestone, ExchangeActivity}:
        for obj in model._default_manager.all():
            for field in model._meta.concrete_fields:
                value = getattr(obj, field.attname)
                if isinstance(value, str) and value:
                    values.update(line.strip() for line in value.splitlines() if line.strip())
            values.add(str(obj))
    return sorted(values, key=len, reverse=True)


def english_left(html, data):
    collector = TextCollector()
    collector.feed(html)
    found = set()
    for text in collector.texts:
        for value in data:
            if value in text:
                text = text.replace(value, " ")
        for word in WORD.findall(MASKED_HASH.sub(" ", text)):
            if word not in NOT_ENGLISH:
                found.add(text.strip())
                break
    return found


def build_open_data():
    """Build the whole-registry downloads now, as the open-data task would after a write."""
    from registry.tasks.opendata import build

    return build()


def body(response):
    """The bytes of a response, streamed (a built download is served as a file) or not."""
    return b"".join(response.streaming_content) if response.streaming else response.content


def json_body(response):
    import json

    return json.loads(body(response))


# Imports handed to the worker (registry/tasks/imports.py) -----------------------------------------

TASK_PAGES = "/en/admin/django_tasks_database/dbtaskresult/"


def imported_tasks():
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path__startswith="registry.tasks.imports.")


def in_process_worker(worker_class=None):
    """The worker `run_worker` runs (django-tasks-db's, or `worker_class`), to run claimed tasks in
    this process and transaction."""
    from django_tasks_db.management.commands.db_worker import Worker

    return (worker_class or Worker)(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )


def run_import_tasks():
    """What `run_worker` does with each waiting import task, in this process and transaction."""
    worker = in_process_worker()
    for result in imported_tasks().ready():
        result.claim("test-worker")
        worker.run_task(result)


def import_url(view, **kwargs):
    """An admin page of the pairings' import ("import", "import_confirm", …)."""
    from django.urls import reverse

    return reverse(f"admin:registry_pairing_{view}", kwargs=kwargs)


def upload_xlsx(client):
    """An XLSX of new pairs uploaded to the pairings' import (every XLSX goes to the worker)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .imports_helpers import as_xlsx, data

    body = as_xlsx(data("pairings_new.csv"))
    return client.post(import_url("import"), {"file": SimpleUploadedFile("pairs.xlsx", body)})


def task_id(response):
    """The task whose progress page `response` redirects to."""
    assert response.status_code == 302, response
    location = response["Location"]
    assert location.startswith(TASK_PAGES), location
    return location[len(TASK_PAGES) :].split("/")[0]


def task_status(client, task):
    """The task's progress endpoint, as its page polls it."""
    return client.get(f"{TASK_PAGES}{task}/progress.json").json()


def after_import_task(client, response):
    """`response` as a person would end up seeing it: when it hands the import to the worker (a
    redirect to the task's progress page), the task is run here, then the page the progress page
    opens when done (the preview) or, failing that, the progress page itself is fetched."""
    if response.status_code != 302 or not response["Location"].startswith(TASK_PAGES):
        return response
    task = task_id(response)
    run_import_tasks()
    state = task_status(client, task)
    return client.get(state.get("next") or response["Location"], follow=True)
