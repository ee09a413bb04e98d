"""`manage.py import_registry` and `export_registry`."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from registry.models import ImportRecord, Pairing

from .imports_helpers import DATA, fingerprint, pair

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_writes_and_prints_a_summary_and_a_progress_bar(demo_data):
    out, err = run("import_registry", "pairings", str(DATA / "pairings_new.csv"))
    assert "new 1, updated 1, unchanged 2, skipped 1, errors 0, places created 0" in out
    record = ImportRecord.objects.get()
    assert f"Written as import #{record.pk}." in out
    assert "[########################################] 4/4" in err
    assert pair("cn-hubei-wuhan", "us-illinois-chicago")


def test_the_command_records_its_import_like_the_admin(demo_data):
    run("import_registry", "pairings", str(DATA / "pairings_new.csv"))
    record = ImportRecord.objects.get()
    assert (record.kind, record.filename, record.user) == ("pairings", "pairings_new.csv", None)
    assert (record.new, record.updated, record.unchanged, record.skipped) == (1, 1, 2, 1)
    written = Pairing.history.filter(history_change_reason=record.change_reason)
    assert sorted(written.values_list("history_type", flat=True)) == ["+", "~"]


def test_a_dry_run_or_a_file_with_errors_records_no_import(demo_data):
    run("import_registry", "pairings", str(DATA / "pairings_new.csv"), "--dry-run")
    with pytest.raises(CommandError):
        run("import_registry", "pairings", str(DATA / "pairings_errors.csv"))
    assert ImportRecord.objects.count() == 0


def test_the_create_places_option_says_what_it_does():
    from registry.management.commands.import_registry import Command

    parser = Command().create_parser("manage.py", "import_registry")
    help_text = parser.format_help()
    assert "A city or county the registry does not know yet is created, from the gazetteer" in " ".join(
        help_text.split()
    )


def test_dry_run_writes_nothing(demo_data):
    before = fingerprint()
    out, _err = run("import_registry", "pairings", str(DATA / "pairings_new.csv"), "--dry-run")
    assert "new 1, updated 1" in out
    assert "Dry run: nothing was written." in out
    assert fingerprint() == before


def test_any_error_exits_non_zero_and_writes_nothing(demo_data):
    before = fingerprint()
    err = io.StringIO()
    with pytest.raises(CommandError, match=r"7 row\(s\) with errors: nothing was written."):
        call_command(
            "import_registry", "pairings", str(DATA / "pairings_errors.csv"), stdout=io.StringIO(), stderr=err
        )
    assert "pairings_errors.csv, row 5, column established: 1983-02-30 is not a real date." in err.getvalue()
    assert fingerprint() == before


def test_create_places_flag(demo_data):
    out, _err = run("import_registry", "pairings", str(DATA / "pairings_utf16.txt"), "--create-places")
    assert "places created 1" in out


def test_a_refused_file_exits_non_zero(demo_data):
    with pytest.raises(CommandError, match="too large to open safely"):
        run("import_registry", "pairings", str(DATA / "zip_bomb.xlsx"))
    with pytest.raises(CommandError, match="No such file"):
        run("import_registry", "pairings", str(DATA / "missing.csv"))


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_export_chooses_the_format_from_the_extension(demo_data, tmp_path, fmt):
    target = tmp_path / f"pairings.{fmt}"
    out, _err = run("export_registry", "pairings", str(target))
    assert out.startswith(f"Wrote {target}")
    body = target.read_bytes()
    if fmt == "csv":
        assert body.startswith(b"\xef\xbb\xbfside_a_country,")
    elif fmt == "xlsx":
        assert body.startswith(b"PK")
    else:
        assert len(json.loads(body)) == 280


def test_export_refuses_an_unknown_extension(tmp_path):
    with pytest.raises(CommandError, match=r"use the extension .csv, .xlsx or .json"):
        run("export_registry", "pairings", str(tmp_path / "x.pdf"))
