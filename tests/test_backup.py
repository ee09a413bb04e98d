"""Backup and restore: dump the registry (references to users and content types by natural key,
primary keys kept so that history rows still point at their records), empty it, restore the dump,
and get the same rows: counts and a checksum of every field. XML, because Django's JSON cuts
history timestamps to milliseconds."""

import hashlib

import pytest
from django.apps import apps
from django.core.management import call_command

from .conftest import delete_registry_rows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]

BACKUP_LABELS = ["auth.user", "auth.group", "registry"]  # as in README.md, "Backup and restore"


def registry_models():
    return sorted(apps.get_app_config("registry").get_models(), key=lambda m: m._meta.label)


def fingerprint():
    """Row counts per model and a digest of every field of every row."""
    digest = hashlib.sha256()
    counts = {}
    for model in registry_models():
        counts[model._meta.label] = model.objects.count()
        fields = [f.attname for f in model._meta.concrete_fields]
        for row in model.objects.order_by("pk").values_list(*fields):
            digest.update(repr(row).encode())
    return counts, digest.hexdigest()


def test_dump_and_load_into_an_empty_registry_gives_identical_rows(tmp_path):
    before = fingerprint()
    assert before[0]["registry.Pairing"] == 280
    backup = tmp_path / "backup.xml"
    call_command(
        "dumpdata", *BACKUP_LABELS, format="xml", natural_foreign=True, output=str(backup), verbosity=0
    )
    delete_registry_rows()
    assert all(n == 0 for n in fingerprint()[0].values())

    call_command("restore_registry", str(backup), verbosity=0)
    assert fingerprint() == before


def test_restore_refuses_a_registry_that_is_not_empty(tmp_path):
    from django.core.management.base import CommandError

    backup = tmp_path / "backup.xml"
    call_command("dumpdata", *BACKUP_LABELS, format="xml", natural_foreign=True, output=str(backup))
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore_registry", str(backup))
