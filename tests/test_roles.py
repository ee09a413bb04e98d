"""Staff roles are groups holding exactly the permissions their names promise."""

import pytest
from django.contrib.auth.models import Group

from registry.roles import REGISTRY_MODELS, role_permissions

pytestmark = pytest.mark.django_db


def codenames(group_name):
    group = Group.objects.get(name=group_name)
    return {
        f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")
    }


def test_the_four_roles_exist():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "viewer",
        "editor",
        "importer",
        "administrator",
    }


def test_viewer_only_views():
    # The import log is read by every role.
    assert codenames("viewer") == {f"registry.view_{m}" for m in [*REGISTRY_MODELS, "importrecord"]}


def test_editor_adds_and_changes_but_never_deletes_or_imports():
    editor = codenames("editor")
    assert {f"registry.change_{m}" for m in REGISTRY_MODELS} <= editor
    assert not any(c.split(".")[1].startswith(("delete_", "import_")) for c in editor)


def test_importer_is_an_editor_who_imports():
    assert codenames("importer") - codenames("editor") == {
        "registry.import_jurisdiction",
        "registry.import_pairing",
        "registry.import_exchangeactivity",
        "registry.import_seekingprofile",
    }


def test_administrator_also_deletes_and_manages_accounts():
    administrator = codenames("administrator")
    assert "registry.delete_pairing" in administrator
    assert "auth.change_user" in administrator
    assert administrator == {f"{a}.{c}" for a, c in role_permissions()["administrator"]}
