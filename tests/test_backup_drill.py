"""`backup_registry` and the restore drill: back the database up (pg_dump on PostgreSQL, the
online backup API on SQLite), restore the backup into an empty database as README's operator's
guide says, and compare the row count and checksum of every registry table. Runs on the backend
the suite runs on, so CI does it on both."""

import hashlib
import io
import json
import os
import sqlite3
import subprocess

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from registry.backups import fingerprint, postgres_environment, registry_tables
from registry.models import Pairing

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]


def back_up(directory, keep=14):
    call_command("backup_registry", str(directory), keep=keep, verbosity=0, stdout=io.StringIO())
    return sorted(p for p in directory.iterdir() if not p.name.endswith(".sha256"))


def restore_into_an_empty_database(backup, tmp_path):
    """The README's restore steps; returns the restored database's fingerprint."""
    if connection.vendor == "postgresql":
        name = f"{connection.settings_dict['NAME']}_drill_{os.getpid()}"
        env = postgres_environment(connection.settings_dict)
        admin = psycopg.connect(dbname="postgres", autocommit=True, **_libpq(env))
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            subprocess.run(
                ["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={name}", str(backup)],
                env=env,
                check=True,
                capture_output=True,
                timeout=300,
            )
            with psycopg.connect(dbname=name, options="-c TimeZone=UTC", **_libpq(env)) as restored:
                return fingerprint(restored.cursor(), "postgresql")
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.close()
    target = tmp_path / "restored.sqlite3"
    assert not target.exists()
    source, restored = sqlite3.connect(backup), sqlite3.connect(target)
    try:
        source.backup(restored)
        return fingerprint(restored.cursor(), "sqlite")
    finally:
        source.close()
        restored.close()


LIBPQ_VARIABLES = (("host", "PGHOST"), ("port", "PGPORT"), ("user", "PGUSER"), ("password", "PGPASSWORD"))


def _libpq(env):
    return {key: env[variable] for key, variable in LIBPQ_VARIABLES if env.get(variable)}


def test_restore_drill_gives_every_registry_table_back_row_for_row(tmp_path):
    with connection.cursor() as cursor:
        original = fingerprint(cursor, connection.vendor)
    assert original["registry_pairing"][0] == Pairing.objects.count() > 0
    assert original["registry_historicalpairing"][0] > 0
    assert set(original) == {table for table, _pk in registry_tables()}

    [backup] = back_up(tmp_path / "backups")
    assert backup.suffix == (".dump" if connection.vendor == "postgresql" else ".sqlite3")
    checksum_line = backup.with_name(backup.name + ".sha256").read_text()
    assert checksum_line == f"{hashlib.sha256(backup.read_bytes()).hexdigest()}  {backup.name}\n"

    assert restore_into_an_empty_database(backup, tmp_path) == original


def test_backups_are_rotated_keeping_the_newest(tmp_path):
    directory = tmp_path / "backups"
    directory.mkdir()
    suffix = ".dump" if connection.vendor == "postgresql" else ".sqlite3"
    for day in (1, 2, 3):
        old = directory / f"registry-2020-01-0{day}T000000Z{suffix}"
        old.write_bytes(b"old")
        old.with_name(old.name + ".sha256").write_text("x\n")
    (directory / "notes.txt").write_text("not a backup")

    *_notes, newest_old, new = back_up(directory, keep=2)
    assert newest_old.name == f"registry-2020-01-03T000000Z{suffix}"
    assert new.name.startswith("registry-20")
    assert new.name > newest_old.name
    assert sorted(p.name for p in directory.iterdir()) == [
        "notes.txt",  # not a backup: left alone
        newest_old.name,
        newest_old.name + ".sha256",
        new.name,
        new.name + ".sha256",
    ]


def test_backup_refuses_to_keep_no_backups(tmp_path):
    with pytest.raises(CommandError, match="at least 1"):
        call_command("backup_registry", str(tmp_path), keep=0)


def test_fingerprint_option_prints_every_registry_table(capsys):
    call_command("backup_registry", print_fingerprint=True)
    printed = json.loads(capsys.readouterr().out)
    assert printed["registry_pairing"][0] == Pairing.objects.count() > 0
    assert len(printed) == len(registry_tables())
