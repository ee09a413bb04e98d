"""Load the reference places and the real China–US demo data, with a first history row each."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from registry.models import Jurisdiction, Pairing


class Command(BaseCommand):
    help = "Load fixtures/reference.json and fixtures/demo.json (skipped if already loaded)."

    def handle(self, *args, **options):
        if Pairing.objects.exists():
            self.stdout.write("Demo data already loaded; nothing to do.")
            return
        call_command("loaddata", "reference", "demo", verbosity=0)
        # loaddata saves raw, which simple-history does not record: give each row its first entry.
        call_command("populate_history", "--auto", verbosity=0)
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {Jurisdiction.objects.count()} places and {Pairing.objects.count()} pairings."
            )
        )
