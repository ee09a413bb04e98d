"""`manage.py import_registry {pairings,jurisdictions,activities} FILE [--dry-run] [--create-places]`:
the admin's import from the command line, through the same import service. Every row is checked
first; the file is written only if no row has an error, all at once, and recorded in the import
log (an ImportRecord without a user) like an admin import. Exit status 1 on any error, with
nothing written.

With `--background` the file is queued for the task worker instead (registry/tasks/imports.py):
the command prints the task's number and returns; the admin's task list shows its progress and
outcome."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError
from django.utils.translation import gettext as _

from registry.imports import uploads
from registry.imports.errors import FileError
from registry.imports.service import CHECKED, import_sheet
from registry.resources import SHEETS
from registry.tasks import imports as import_tasks


class Command(BaseCommand):
    help = "Import a spreadsheet (CSV, TSV or XLSX in the template's columns): all rows or none."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=list(SHEETS))
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check and report; write nothing.")
        parser.add_argument(
            "--create-places",
            action="store_true",
            help=(
                "A city or county the registry does not know yet is created, from the gazetteer, under "
                "the province/state the row names, instead of being reported as an error. Without it, "
                "every place must already be in the registry."
            ),
        )
        parser.add_argument(
            "--background",
            action="store_true",
            help="Queue the import for the task worker (manage.py run_worker) and return at once.",
        )

    def handle(self, *args, kind, file, dry_run, create_places, background=False, **options):
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}") from None
        if background:
            return self._enqueue(kind, file.name, data, dry_run=dry_run, create_places=create_places)
        self.stdout.write(_("Checking %(name)s (%(size)s bytes)…") % {"name": file.name, "size": len(data)})
        try:
            plan = import_sheet(
                sheet=kind,
                data=data,
                filename=file.name,
                user=None,
                dry_run=dry_run,
                create_places=create_places,
                progress=self._progress,
            )
        except FileError as error:
            raise CommandError(f"{file}: {error}") from None
        except IntegrityError:
            raise CommandError(
                _("The registry changed while importing; nothing was written. Run it again.")
            ) from None
        for number, error in plan.errors:
            self.stderr.write(
                _("%(name)s, row %(row)s, column %(column)s: %(message)s")
                % {"name": file.name, "row": number, "column": error.column, "message": error.message}
            )
        counts = plan.counts()
        self.stdout.write(
            _(
                "new %(new)s, updated %(updated)s, unchanged %(unchanged)s, skipped %(skipped)s, "
                "errors %(error)s, places created %(new_places)s"
            )
            % counts
        )
        if plan.has_errors:
            raise CommandError(
                _("%(count)s row(s) with errors: nothing was written.") % {"count": counts["error"]}
            )
        if dry_run:
            self.stdout.write(_("Dry run: nothing was written."))
        elif plan.record is None:
            self.stdout.write(_("Every row is unchanged: nothing was written."))
        else:
            self.stdout.write(
                self.style.SUCCESS(_("Written as import #%(number)s.") % {"number": plan.record.pk})
            )

    def _enqueue(self, kind, filename, data, *, dry_run, create_places):
        token = uploads.save(
            kind=kind, filename=filename, data=data, create_places=create_places, user_id=None
        )
        task = import_tasks.preview_import if dry_run else import_tasks.confirm_import
        result = import_tasks.enqueue(task, user=None, token=token, kind=kind)
        self.stdout.write(
            _(
                "Queued as task %(id)s: the worker (manage.py run_worker) runs it. Its progress and "
                "outcome are in the admin's list of background tasks."
            )
            % {"id": result.id}
        )

    def _progress(self, stage, done, total):
        """A bar over the checked rows, on stderr so that the summary on stdout stays clean."""
        if stage != CHECKED:
            return
        width = 40
        filled = width * done // max(total, 1)
        self.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}", ending="")
        if done == total:
            self.stderr.write("")
        sys.stderr.flush()
