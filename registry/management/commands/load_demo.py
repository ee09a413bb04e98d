"""Load the reference places and the real China–US demo data, with one creation entry each in
the change history."""

import io

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from registry.history import record_links
from registry.lifecycle import refresh_lifecycle
from registry.models import ExchangeActivity, Jurisdiction, Milestone, OfficialCount, Pairing
from registry.reported_totals import load_reported_totals


class Command(BaseCommand):
    help = (
        "Load fixtures/reference.json and fixtures/demo.json and the officially reported totals "
        "(data/source/reported_totals.csv), each skipped if already loaded."
    )

    def handle(self, *args, **options):
        if not OfficialCount.objects.exists():
            added = load_reported_totals()
            self.stdout.write(f"Loaded {added} officially reported totals.")
        if Pairing.objects.exists():
            self.stdout.write("Demo data already loaded; nothing to do.")
            return
        with transaction.atomic():
            # Off while loading: many-to-many links would each log a "changed" entry. Then
            # populate_history gives every row exactly one "created" entry.
            with override_settings(SIMPLE_HISTORY_ENABLED=False):
                call_command("loaddata", "reference", "demo", verbosity=0)
                # Status, tier and end dates follow from the milestones loaded with the pairs;
                # derived before the history is written, so each pair's one entry holds them.
                refresh_lifecycle(Pairing.objects.values_list("pk", flat=True), record_history=False)
            call_command("populate_history", "--auto", verbosity=0, stdout=io.StringIO())
            for model in (Pairing, Milestone, ExchangeActivity):  # and their links
                record_links(model, model.objects.values_list("pk", flat=True))
        places, pairings = Jurisdiction.objects.count(), Pairing.objects.count()
        self.stdout.write(self.style.SUCCESS(f"Loaded {places} places and {pairings} pairings."))
