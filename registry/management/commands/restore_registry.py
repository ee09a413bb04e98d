"""Restore a backup made with `dumpdata auth.user auth.group registry --natural-foreign --format xml`."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from registry.models import Jurisdiction, Pairing, Source


class Command(BaseCommand):
    help = "Load a registry backup (from dumpdata, XML) into an empty registry, history included."

    def add_arguments(self, parser):
        parser.add_argument("backup", help="the file written by dumpdata (backup.xml, backup.xml.gz…)")

    def handle(self, *args, backup, **options):
        if Jurisdiction.objects.exists() or Pairing.objects.exists() or Source.objects.exists():
            raise CommandError(
                "The registry is not empty. Restore into an empty database (migrate it first)."
            )
        # The backup carries the history tables; loading must not add entries of its own.
        with transaction.atomic(), override_settings(SIMPLE_HISTORY_ENABLED=False):
            call_command("loaddata", backup, verbosity=0)
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {Jurisdiction.objects.count()} places and {Pairing.objects.count()} pairings."
            )
        )
