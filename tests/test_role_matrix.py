"""Every staff role against every admin URL: the exact allowed / refused matrix.

"ok" is the page (200) or, for a form post, its redirect on success (302); "refused" is 403."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from registry.models import ExchangeActivity, Jurisdiction, Milestone, Pairing, Source

from .factories import (
    ChineseCityFactory,
    CityPairingFactory,
    ExchangeActivityFactory,
    MilestoneFactory,
    SourceFactory,
)
from .helpers import change_form_data
from .imports_helpers import as_xlsx, data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]

ROLES = ["viewer", "editor", "importer", "administrator"]
MODELS = {
    "jurisdiction": Jurisdiction,
    "pairing": Pairing,
    "milestone": Milestone,
    "exchangeactivity": ExchangeActivity,
    "source": Source,
}
FACTORIES = {
    "jurisdiction": ChineseCityFactory,
    "pairing": CityPairingFactory,
    "milestone": MilestoneFactory,
    "exchangeactivity": ExchangeActivityFactory,
    "source": SourceFactory,
}
ACTION_MODELS = ["pairing", "exchangeactivity"]
IMPORT_FILES = {
    "jurisdiction": "jurisdictions.csv",
    "pairing": "pairings_new.csv",
    "exchangeactivity": "activities.csv",
}
ALL = set(ROLES)
WRITERS = {"editor", "importer", "administrator"}
IMPORTERS = {"importer", "administrator"}
ADMINISTRATORS = {"administrator"}


def expected_matrix():
    """Who may do what, as README.md's staff roles table says."""
    allowed = {}
    for model in MODELS:
        allowed[(model, "changelist")] = ALL
        allowed[(model, "add")] = WRITERS
        allowed[(model, "change")] = ALL  # a viewer sees the record read-only
        allowed[(model, "delete")] = ADMINISTRATORS
        allowed[(model, "history")] = ALL
    for model in IMPORT_FILES:
        allowed[(model, "export")] = ALL
        allowed[(model, "import template")] = IMPORTERS
        allowed[(model, "import upload")] = IMPORTERS
        allowed[(model, "import preview")] = IMPORTERS
        allowed[(model, "import confirm")] = IMPORTERS
    # Imports run as tasks (an XLSX): its progress page, for the uploader; another's, for administrators.
    allowed[("import task", "own progress")] = IMPORTERS
    allowed[("import task", "another's progress")] = ADMINISTRATORS
    allowed[("import task", "another's progress endpoint")] = ADMINISTRATORS
    allowed[("pairing", "change save")] = WRITERS
    allowed[("pairing", "revert")] = WRITERS
    for model in MODELS:
        allowed[(model, "delete confirm")] = ADMINISTRATORS
    for model in ACTION_MODELS:
        for action in ("publish", "unpublish"):
            allowed[(model, f"{action} action")] = WRITERS
    allowed[("user", "changelist")] = ADMINISTRATORS
    allowed[("user", "add")] = ADMINISTRATORS
    allowed[("user", "add save")] = ADMINISTRATORS
    allowed[("group", "changelist")] = ADMINISTRATORS  # read-only: see the roles' permissions
    # Nobody below superuser raises privileges: not their own, not a role's.
    allowed[("user", "make self superuser")] = set()
    allowed[("user", "change a superuser")] = set()
    allowed[("group", "add")] = set()
    allowed[("group", "change save")] = set()
    return {
        (role, *key): "ok" if role in who else "refused" for key, who in allowed.items() for role in ROLES
    }


def client_for(role):
    user, created = get_user_model().objects.get_or_create(
        username=f"{role}-user", defaults={"is_staff": True}
    )
    if created:
        user.groups.add(Group.objects.get(name=role))
    client = Client()
    client.force_login(user)
    return client


def outcome(response):
    if response.status_code == 403:
        return "refused"
    if response.status_code in (200, 302):
        return "ok"
    return f"HTTP {response.status_code}"


def upload(client, model):
    return client.post(
        reverse(f"admin:registry_{model}_import"),
        {"file": SimpleUploadedFile(IMPORT_FILES[model], data(IMPORT_FILES[model]))},
    )


def importer_token(model):
    """An upload made by someone allowed to import, for the roles that may not upload."""
    response = upload(client_for("importer"), model)
    return response.url.rstrip("/").split("/")[-1]


def walk(role):
    client = client_for(role)
    results = {}
    for model, model_class in MODELS.items():
        obj = model_class.objects.order_by("pk").first()
        url = f"admin:registry_{model}"
        results[(role, model, "changelist")] = outcome(client.get(reverse(f"{url}_changelist")))
        results[(role, model, "add")] = outcome(client.get(reverse(f"{url}_add")))
        results[(role, model, "change")] = outcome(client.get(reverse(f"{url}_change", args=[obj.pk])))
        results[(role, model, "delete")] = outcome(client.get(reverse(f"{url}_delete", args=[obj.pk])))
        results[(role, model, "history")] = outcome(client.get(reverse(f"{url}_history", args=[obj.pk])))
    for model in IMPORT_FILES:
        url = f"admin:registry_{model}"
        results[(role, model, "export")] = outcome(client.get(reverse(f"{url}_export", args=["csv"])))
        results[(role, model, "import template")] = outcome(client.get(reverse(f"{url}_import_template")))
        response = upload(client, model)
        results[(role, model, "import upload")] = outcome(response)
        token = response.url.rstrip("/").split("/")[-1] if response.status_code == 302 else None
        token = token or importer_token(model)
        results[(role, model, "import preview")] = outcome(
            client.get(reverse(f"{url}_import_preview", args=[token]))
        )
        results[(role, model, "import confirm")] = outcome(
            client.post(reverse(f"{url}_import_confirm", args=[token]))
        )
    pairing = Pairing.objects.get(slug="hubei-ohio")
    change_url = reverse("admin:registry_pairing_change", args=[pairing.pk])
    form = change_form_data(client_for("administrator") if role == "viewer" else client, change_url)
    results[(role, "pairing", "change save")] = outcome(client.post(change_url, form))
    results.update(walk_import_tasks(role, client))
    results.update(walk_writes(role, client))
    results.update(walk_accounts(role, client))
    return results


def xlsx_upload():
    return SimpleUploadedFile("pairs.xlsx", as_xlsx(data("pairings_new.csv")))


def walk_import_tasks(role, client):
    """An XLSX upload is checked by a task: who sees its progress page and endpoint. A page
    someone may not see is "not found" (404), like a task that does not exist."""

    def seen(response):
        return "refused" if response.status_code in (403, 404) else outcome(response)

    results = {}
    response = client.post(reverse("admin:registry_pairing_import"), {"file": xlsx_upload()})
    results[("import task", "own progress")] = (
        seen(client.get(response.url)) if response.status_code == 302 else "refused"
    )
    other, _created = get_user_model().objects.get_or_create(
        username="other-importer", defaults={"is_staff": True}
    )
    other.groups.add(Group.objects.get(name="importer"))
    uploader = Client()
    uploader.force_login(other)
    page = uploader.post(reverse("admin:registry_pairing_import"), {"file": xlsx_upload()}).url
    results[("import task", "another's progress")] = seen(client.get(page))
    endpoint = page.replace("/change/", "/progress.json")
    results[("import task", "another's progress endpoint")] = seen(client.get(endpoint))
    return {(role, *key): value for key, value in results.items()}


def effect(response, happened):
    """A write's outcome by what it did: some refusals are a 403, others a page saying no."""
    if response.status_code >= 500:
        return f"HTTP {response.status_code}"
    return "ok" if happened() else "refused"


def walk_writes(role, client):
    results = {}
    administrator = client_for("administrator")
    pairing = CityPairingFactory(status="unknown")
    change_url = reverse("admin:registry_pairing_change", args=[pairing.pk])
    administrator.post(change_url, {**change_form_data(administrator, change_url), "status": "active"})
    revert_url = reverse(
        "admin:registry_pairing_simple_history", args=[pairing.pk, pairing.history.earliest().history_id]
    )
    response = client.post(revert_url, change_form_data(administrator, revert_url))
    results[(role, "pairing", "revert")] = effect(
        response, lambda: Pairing.objects.get(pk=pairing.pk).status == "unknown"
    )
    for model, factory in FACTORIES.items():
        obj = factory()
        response = client.post(reverse(f"admin:registry_{model}_delete", args=[obj.pk]), {"post": "yes"})
        results[(role, model, "delete confirm")] = effect(
            response, lambda obj=obj: not type(obj).objects.filter(pk=obj.pk).exists()
        )
    for model in ACTION_MODELS:
        for action, published in (("publish", True), ("unpublish", False)):
            obj = FACTORIES[model](is_published=not published)
            response = client.post(
                reverse(f"admin:registry_{model}_changelist"),
                {"action": action, "_selected_action": [obj.pk]},
            )
            results[(role, model, f"{action} action")] = effect(
                response,
                lambda obj=obj, published=published: (
                    type(obj).objects.get(pk=obj.pk).is_published is published
                ),
            )
    return results


def walk_accounts(role, client):
    results = {}
    users = get_user_model().objects
    for model in ("user", "group"):
        results[(role, model, "changelist")] = outcome(client.get(reverse(f"admin:auth_{model}_changelist")))
        results[(role, model, "add")] = outcome(client.get(reverse(f"admin:auth_{model}_add")))
    new_name = f"new-staff-of-{role}"
    response = client.post(
        reverse("admin:auth_user_add"),
        {
            "username": new_name,
            "password1": "a-long-enough-password-42",
            "password2": "a-long-enough-password-42",
        },
    )
    results[(role, "user", "add save")] = effect(response, lambda: users.filter(username=new_name).exists())

    me = users.get(username=f"{role}-user")
    url = reverse("admin:auth_user_change", args=[me.pk])
    form = {
        "username": me.username,
        "is_active": "on",
        "is_staff": "on",
        "is_superuser": "on",
        "groups": [g.pk for g in Group.objects.all()],
        "user_permissions": [p.pk for p in Permission.objects.all()],
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
    }
    response = client.post(url, form)
    results[(role, "user", "make self superuser")] = effect(
        response, lambda: users.get(pk=me.pk).is_superuser or users.get(pk=me.pk).user_permissions.exists()
    )
    boss = users.filter(is_superuser=True).first() or users.create_superuser("boss", password="x" * 20)
    url = reverse("admin:auth_user_change", args=[boss.pk])
    response = client.post(url, {**form, "username": "boss-renamed", "is_superuser": "on"})
    results[(role, "user", "change a superuser")] = effect(
        response, lambda: users.get(pk=boss.pk).username == "boss-renamed"
    )
    viewer_group = Group.objects.get(name="viewer")
    url = reverse("admin:auth_group_change", args=[viewer_group.pk])
    everything = [p.pk for p in Permission.objects.all()]
    response = client.post(url, {"name": "viewer", "permissions": everything})
    results[(role, "group", "change save")] = effect(
        response, lambda: viewer_group.permissions.count() == len(everything)
    )
    return results


def test_every_role_against_every_admin_url():
    expected = expected_matrix()
    actual = {}
    for role in ROLES:
        actual.update(walk(role))
    assert actual == expected


def test_a_refused_import_confirm_writes_nothing():
    token = importer_token("pairing")
    before = Pairing.objects.count(), Pairing.history.count()
    response = client_for("editor").post(reverse("admin:registry_pairing_import_confirm", args=[token]))
    assert response.status_code == 403
    assert (Pairing.objects.count(), Pairing.history.count()) == before
