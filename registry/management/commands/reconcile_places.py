"""Link the registry's places to the gazetteer and fill their blanks (never a stored value)."""

from django.core.management.base import BaseCommand, CommandError

from registry.places.models import GazetteerEntry, MatchOutcome
from registry.places.reconcile import figures, reconcile_places, without_position


class Command(BaseCommand):
    help = "Match every place to the gazetteer; report matched / ambiguous / not found and what was filled."

    def handle(self, *args, **options):
        if not GazetteerEntry.objects.exists():
            raise CommandError("The gazetteer is empty: run `manage.py load_gazetteer` first.")
        before = figures()
        outcomes = reconcile_places()
        after = figures()
        self.stdout.write(
            "Outcomes: "
            + ", ".join(f"{label}: {outcomes.get(value, 0)}" for value, label in MatchOutcome.choices)
        )
        for name in before:
            share = (
                f" ({after[name] / after['places']:.1%} of places)"
                if after["places"] and name != "places"
                else ""
            )
            self.stdout.write(f"{name}: {before[name]} before, {after[name]} after{share}")
        # Never guessed: what the gazetteer could not place stays blank, listed for staff.
        blank = without_position()
        self.stdout.write(f"Places without a position ({len(blank)}):")
        for place, why in blank:
            parent = f", {place.parent.name_en}" if place.parent_id else ""
            self.stdout.write(f"  {place.slug}: {place.name_en}{parent}: {why}")
