"""Whole-database backups (manage.py backup_registry) and the fingerprint a restore is checked by.

PostgreSQL is dumped with `pg_dump --format=custom` (restore with `pg_restore` into an empty
database); SQLite is copied with its online backup API (the copy is consistent while the site keeps
serving). Each backup is a dated file with a `.sha256` file beside it in `sha256sum` format, and
only the newest N are kept.
"""

import hashlib
import os
import re
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from django.apps import apps

SUFFIXES = {"postgresql": ".dump", "sqlite": ".sqlite3"}
NAME = re.compile(r"^registry-\d{4}-\d{2}-\d{2}T\d{6}Z\.(dump|sqlite3)$")


class BackupError(Exception):
    pass


def backup_name(vendor, now=None):
    now = now or datetime.now(UTC)
    return f"registry-{now:%Y-%m-%dT%H%M%SZ}{SUFFIXES[vendor]}"


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def postgres_environment(settings_dict):
    """libpq's environment for a Django database: the password never appears on a command line."""
    env = dict(os.environ)
    values = {
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": str(settings_dict.get("PORT") or ""),
        "PGUSER": settings_dict.get("USER"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGDATABASE": settings_dict.get("NAME"),
    }
    env.update({key: value for key, value in values.items() if value})
    return env


def dump_postgres(connection, target):
    result = subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"],
        env=postgres_environment(connection.settings_dict),
        capture_output=True,
        text=True,
        timeout=6 * 60 * 60,
    )
    if result.returncode:
        raise BackupError(f"pg_dump failed: {result.stderr.strip()}")


def copy_sqlite(connection, target):
    """SQLite's online backup API, from the connection the site uses (an in-memory test database
    included)."""
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        connection.connection.backup(destination)
    finally:
        destination.close()


def write_backup(connection, directory, *, now=None):
    """Back the database up into `directory`; returns the backup's path. Written under a temporary
    name and renamed, so that a backup file that exists is complete."""
    vendor = connection.vendor
    if vendor not in SUFFIXES:
        raise BackupError(f"backups of {vendor} databases are not supported")
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / backup_name(vendor, now)
    if target.exists():
        raise BackupError(f"{target.name} already exists")
    partial = target.with_name(target.name + ".partial")
    try:
        (dump_postgres if vendor == "postgresql" else copy_sqlite)(connection, partial)
        checksum = sha256_of(partial)
        partial.rename(target)
    finally:
        partial.unlink(missing_ok=True)
    target.with_name(target.name + ".sha256").write_text(f"{checksum}  {target.name}\n")
    return target


def rotate(directory, keep):
    """Delete all but the newest `keep` backups (and their checksum files); returns the deleted."""
    backups = sorted(path for path in Path(directory).iterdir() if NAME.match(path.name))
    old = backups[: max(len(backups) - keep, 0)]
    for path in old:
        path.unlink()
        path.with_name(path.name + ".sha256").unlink(missing_ok=True)
    return old


def registry_tables():
    """(table, primary key column) of every registry table: models, history and link tables."""
    models = apps.get_app_config("registry").get_models(include_auto_created=True)
    return sorted({(model._meta.db_table, model._meta.pk.column) for model in models})


def fingerprint(cursor, vendor, tables=None):
    """{table: (rows, sha256 of every row's text in primary key order)}, computed from the
    database's own text form of each row, so that two databases of one vendor compare equal
    whatever client reads them. PostgreSQL sessions must use the same TimeZone (Django's is UTC)."""
    result = {}
    for table, pk in tables or registry_tables():
        if vendor == "postgresql":
            cursor.execute(f'SELECT t::text FROM "{table}" AS t ORDER BY "{pk}"')
        else:
            cursor.execute(f'SELECT name FROM pragma_table_info("{table}") ORDER BY cid')
            columns = " || ',' || ".join(f'quote("{name}")' for (name,) in cursor.fetchall())
            cursor.execute(f'SELECT {columns} FROM "{table}" ORDER BY "{pk}"')
        digest = hashlib.sha256()
        rows = 0
        for (text,) in cursor.fetchall():
            digest.update(text.encode() + b"\n")
            rows += 1
        result[table] = (rows, digest.hexdigest())
    return result
