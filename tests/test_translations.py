"""English and Simplified Chinese ship together: every string is extracted, translated, and
compiled into the committed .mo file."""

import os
import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "registry" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def live_entries(po):
    return [e for e in po if not e.obsolete]


def test_every_chinese_message_is_translated_and_not_fuzzy():
    po = polib.pofile(str(PO))
    untranslated = [e.msgid for e in live_entries(po) if not e.translated()]
    assert untranslated == []


def test_the_committed_mo_file_matches_the_po_file():
    po = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in live_entries(polib.pofile(str(PO)))}
    mo = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in polib.mofile(str(PO.with_suffix(".mo")))}
    assert mo == po


def test_makemessages_finds_no_new_strings(tmp_path, settings):
    """Run makemessages on a copy of the project: a string added without translation shows up."""
    assert shutil.which("xgettext"), "makemessages needs GNU gettext (Debian package gettext)"
    copy = tmp_path / "project"
    for name in ("registry", "templates", "config"):
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    before = {(e.msgctxt, e.msgid) for e in live_entries(polib.pofile(str(PO)))}
    copied_po = copy / PO.relative_to(ROOT)
    settings.LOCALE_PATHS = [copied_po.parents[2]]  # write into the copy, never the real file

    cwd = os.getcwd()
    os.chdir(copy)
    try:
        call_command(
            "makemessages",
            locale=["zh_Hans"],
            verbosity=0,
            no_obsolete=True,
            # A copy of simple-history's template: its strings are in simple-history's catalogue.
            ignore_patterns=["templates/simple_history/*"],
        )
    finally:
        os.chdir(cwd)
    after = {(e.msgctxt, e.msgid) for e in live_entries(polib.pofile(str(copied_po)))}
    assert after - before == set(), "run `make messages` and translate the new strings"
    assert before - after == set(), "run `make messages`: these strings are no longer used"


@pytest.mark.parametrize(
    ("msgid", "expected"),
    [("Sister-pairs registry", "友好省州与友好城市名录"), ("pairing", "结好关系")],
)
def test_chinese_catalogue_is_used_at_run_time(msgid, expected):
    from django.utils import translation

    with translation.override("zh-hans"):
        assert translation.gettext(msgid) == expected
