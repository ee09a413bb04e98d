"""`manage.py export_registry {jurisdictions,pairings,activities} FILE`: every record in the
import template's columns, as CSV, XLSX or JSON according to FILE's extension."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from registry.exports import FORMATS
from registry.resources import SHEETS


class Command(BaseCommand):
    help = "Export records as CSV (UTF-8 with BOM), XLSX or JSON, chosen by the file extension."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=list(SHEETS))
        parser.add_argument("file", type=Path)

    def handle(self, *args, kind, file, **options):
        fmt = file.suffix.lower().lstrip(".")
        if fmt not in FORMATS:
            raise CommandError(_("%(file)s: use the extension .csv, .xlsx or .json.") % {"file": file})
        body, _content_type, _filename = SHEETS[kind].export_file(None, fmt)
        file.write_bytes(body)
        self.stdout.write(
            self.style.SUCCESS(_("Wrote %(file)s (%(size)s bytes).") % {"file": file, "size": len(body)})
        )
