"""Back up the whole database into a dated file with a checksum, keeping the newest N."""

import json
import logging

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from registry.backups import BackupError, fingerprint, rotate, write_backup

audit = logging.getLogger("registry.audit")


class Command(BaseCommand):
    help = (
        "Back up the database (PostgreSQL: pg_dump custom format; SQLite: the online backup API) "
        "into DIRECTORY as registry-<UTC date and time>.dump/.sqlite3 with a .sha256 file, and "
        "delete all but the newest --keep backups. --fingerprint prints the row count and checksum "
        "of every registry table instead, to compare a restored database with its original."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", help="where backups are kept")
        parser.add_argument("--keep", type=int, default=14, help="backups to keep (default 14)")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)
        parser.add_argument(
            "--fingerprint",
            action="store_true",
            dest="print_fingerprint",
            help="print row counts and checksums as JSON",
        )

    def handle(self, *args, directory, keep, database, print_fingerprint, **options):
        connection = connections[database]
        if print_fingerprint:
            with connection.cursor() as cursor:
                tables = fingerprint(cursor, connection.vendor)
            self.stdout.write(json.dumps(tables, indent=1, sort_keys=True))
            return
        if not directory:
            raise CommandError("Give the directory to keep backups in.")
        if keep < 1:
            raise CommandError("--keep must be at least 1.")
        try:
            path = write_backup(connection, directory)
        except BackupError as error:
            raise CommandError(str(error)) from error
        deleted = rotate(directory, keep)
        audit.info(
            "backup written: %s, %d old backups deleted",
            path.name,
            len(deleted),
            extra={"action": "backup", "file": str(path), "bytes": path.stat().st_size},
        )
        self.stdout.write(f"{path}\n{path}.sha256")
        for old in deleted:
            self.stdout.write(f"deleted {old}")
