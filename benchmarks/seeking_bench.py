"""Partner-suggestion benchmark (issue 16): a world-shaped registry of 100,000 pairings, and the
time to suggest partners for a place.

    .venv/bin/python benchmarks/seeking_bench.py                         # SQLite (a temporary file)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/registry_scratch \\
        .venv/bin/python benchmarks/seeking_bench.py                     # PostgreSQL

The database named by DATABASE_URL is migrated and FLUSHED: point it at a scratch database.

The world: 24 countries, China and the United States the largest (34 provinces × 150 cities and
50 states × 200 cities), 22 others with 20 provinces × 60 cities each (about 42,000 places);
100,000 city pairings between countries chosen in proportion to their sizes, 2,000 province–state
pairings, 30,000 exchange activities on them, and 3,000 partner-seeking profiles. Names are
generated ("City CN-12-7"): this is load, not data.

`--reuse` keeps the world a previous run left in the database. It prints, for 200 places (cities
and provinces of several countries, with and without a profile, with the default country and with
one country chosen), the SQL queries per answer and the median, 95th percentile and maximum time
of `suggest_partners` (the best of `--repeat` runs per place, with the id sets it keeps per state
of the data in the cache), the same for the first answer after a write (the sets computed again),
and the machine's load average (the figures grow with it).
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from registry.models import (  # noqa: E402
    ActivityCategory,
    Designation,
    ExchangeActivity,
    Jurisdiction,
    Level,
    Pairing,
    SeekingProfile,
)
from registry.page_cache import invalidate_public_pages  # noqa: E402
from registry.seeking.suggestions import suggest_partners  # noqa: E402

BIG = {"CN": (34, 150), "US": (50, 200)}
OTHERS = [
    "JP",
    "KR",
    "DE",
    "FR",
    "GB",
    "IT",
    "ES",
    "BR",
    "MX",
    "CA",
    "AU",
    "RU",
    "IN",
    "ID",
    "TR",
    "ZA",
    "EG",
    "AR",
    "NG",
    "VN",
    "TH",
    "PL",
]
CITY_PAIRS = 100_000
PROVINCE_PAIRS = 2_000
ACTIVITIES = 30_000
PROFILES = 3_000
BATCH = 5_000


def build_world(rng):
    shape = {**BIG, **dict.fromkeys(OTHERS, (20, 60))}
    provinces = [
        Jurisdiction(
            country=country,
            level=Level.PROVINCE,
            designation=Designation.PROVINCE,
            name_en=f"Province {country}-{p}",
            slug=f"bench-{country.lower()}-{p}",
        )
        for country, (count, _cities) in shape.items()
        for p in range(count)
    ]
    Jurisdiction.objects.bulk_create(provinces, batch_size=BATCH)
    cities = [
        Jurisdiction(
            country=province.country,
            level=Level.CITY,
            designation=Designation.CITY,
            parent=province,
            name_en=f"City {province.slug[6:]}-{c}",
            slug=f"{province.slug}-{c}",
        )
        for province in provinces
        for c in range(shape[str(province.country)][1])
    ]
    Jurisdiction.objects.bulk_create(cities, batch_size=BATCH)
    cities_by_country, provinces_by_country = {}, {}
    for city in cities:
        cities_by_country.setdefault(str(city.country), []).append(city.pk)
    for province in provinces:
        provinces_by_country.setdefault(str(province.country), []).append(province.pk)
    countries = list(cities_by_country)
    weights = [len(cities_by_country[c]) for c in countries]

    def pairs(count, by_country, kind, prefix):
        seen, rows = set(), []
        while len(rows) < count:
            a_country, b_country = rng.choices(countries, weights, k=2)
            if a_country == b_country:
                continue
            a, b = rng.choice(by_country[a_country]), rng.choice(by_country[b_country])
            if frozenset((a, b)) in seen:
                continue
            seen.add(frozenset((a, b)))
            rows.append(
                Pairing(
                    side_a_id=a,
                    side_b_id=b,
                    kind=kind,
                    slug=f"{prefix}-{len(rows)}",
                    is_published=rng.random() < 0.95,
                    status=rng.choice(["active", "unknown", "unknown", "ended"]),
                )
            )
        for row in rows:
            if row.status == "ended":
                row.ended_on, row.ended_precision = "2019-01-01", "year"
        Pairing.objects.bulk_create(rows, batch_size=BATCH)
        return rows

    pairs(PROVINCE_PAIRS, provinces_by_country, "province_state", "bench-ps")
    city_pairs = pairs(CITY_PAIRS, cities_by_country, "city", "bench-city")
    categories = ActivityCategory.values
    activities = ExchangeActivity.objects.bulk_create(
        [
            ExchangeActivity(category=rng.choice(categories), title_en=f"Activity {n}", is_published=True)
            for n in range(ACTIVITIES)
        ],
        batch_size=BATCH,
    )
    Through = ExchangeActivity.pairings.through
    Through.objects.bulk_create(
        [
            Through(exchangeactivity_id=activity.pk, pairing_id=rng.choice(city_pairs).pk)
            for activity in activities
        ],
        batch_size=BATCH,
    )
    profiles = []
    for place in rng.sample(cities, PROFILES):
        others = [c for c in countries if c != str(place.country)]
        population = rng.randrange(50_000, 5_000_000) if rng.random() < 0.6 else None
        profiles.append(
            SeekingProfile(
                place=place,
                wanted_countries=rng.sample(others, rng.randint(1, 3)),
                interests=rng.sample(categories, rng.randint(1, 4)),
                profile_en="Benchmark profile.",
                population=population,
                population_as_of="2020-01-01" if population else None,
                is_published=True,
            )
        )
    SeekingProfile.objects.bulk_create(profiles, batch_size=BATCH)
    return cities, provinces, profiles


def summary(timings):
    timings = sorted(timings)
    p95 = timings[max(int(len(timings) * 0.95) - 1, 0)]
    return f"median {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms, max {timings[-1]:.1f} ms"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--places", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3, help="runs per place; the best is kept")
    parser.add_argument("--reuse", action="store_true", help="keep the world a previous run built")
    args = parser.parse_args()
    rng = random.Random(16)
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    if args.reuse and Pairing.objects.count() >= CITY_PAIRS:
        cities = list(Jurisdiction.objects.filter(level=Level.CITY).order_by("pk"))
        provinces = list(Jurisdiction.objects.filter(level=Level.PROVINCE).order_by("pk"))
        profiles = list(SeekingProfile.objects.select_related("place").order_by("pk"))
    else:
        call_command("flush", interactive=False, verbosity=0)
        cities, provinces, profiles = build_world(rng)
    print(
        f"world: {Jurisdiction.objects.count():,} places, {Pairing.objects.count():,} pairings, "
        f"{ExchangeActivity.objects.count():,} activities, {SeekingProfile.objects.count():,} profiles "
        f"({time.perf_counter() - started:.0f} s to build) on {connection.vendor}; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    seeking = [profile.place for profile in rng.sample(profiles, args.places // 4)]
    plain = rng.sample(cities, args.places // 2)
    states = rng.sample(provinces, args.places // 4)
    cases = [
        ("city with a profile (its wanted countries)", seeking, None),
        ("city without a profile (its ties' main country)", plain[: len(plain) // 2], None),
        ("city without a profile, country chosen (CN or US)", plain[len(plain) // 2 :], "choose"),
        ("province/state (its ties' main country)", states, None),
    ]
    for label, places, country in cases:
        timings, cold, queries, counts = [], [], set(), []
        for place in places:
            place = Jurisdiction.objects.with_parents().get(pk=place.pk)
            countries = None
            if country == "choose":
                countries = ["US"] if str(place.country) != "US" else ["CN"]
            suggest_partners(place, countries=countries)  # warm the database's cache for this place
            # As after a write: the cached id sets are computed again.
            invalidate_public_pages()
            started = time.perf_counter()
            suggest_partners(place, countries=countries)
            cold.append((time.perf_counter() - started) * 1000)
            runs = []
            for _run in range(args.repeat):
                started = time.perf_counter()
                result = suggest_partners(place, countries=countries)
                runs.append((time.perf_counter() - started) * 1000)
            # Counted apart: capturing formats every statement, which costs more than running it.
            with CaptureQueriesContext(connection) as captured:
                suggest_partners(place, countries=countries)
            queries.add(len(captured))
            # The best of the runs: on a shared machine the others measure other people's work.
            timings.append(min(runs))
            counts.append(len(result.items))
        print(
            f"{label}: {len(places)} places, queries {sorted(queries)}, "
            f"suggestions {min(counts)}–{max(counts)}; {summary(timings)}; "
            f"first after a write: {summary(cold)}",
            flush=True,
        )


if __name__ == "__main__":
    main()
