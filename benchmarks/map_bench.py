"""The map, home and statistics pages and the map's JSON at world size: a generated, seeded world
of places and pairings is added to the database (bulk_create), each URL is requested in-process
with the page cache emptied first, and the script prints its size (raw and gzip), time and query
count, then deletes what it added.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/registry_bench \\
        python benchmarks/map_bench.py [--pairings 100000] [--keep]

Use a database of its own (with or without the demo data): the generated rows are marked by the
slug prefix `bench-` and removed at the end unless --keep. The places and positions are random
(seeded), not facts: ~200 countries of 15 provinces of 20 cities, scattered round a random centre.
"""

import argparse
import gzip
import os
import random
import statistics
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
# Static files are not collected for a benchmark: WhiteNoise's warning about it is noise here.
warnings.filterwarnings("ignore", message="No directory at")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django_countries import countries  # noqa: E402

from registry.filters import public_countries  # noqa: E402
from registry.models import Designation, Jurisdiction, Level, Pairing, PairingKind  # noqa: E402

PREFIX = "bench-"
PROVINCES_PER_COUNTRY = 15
CITIES_PER_PROVINCE = 20

URLS = [
    "/en/",
    "/zh-hans/",
    "/en/map/",
    "/en/statistics/",
    "/en/statistics/?table_from=CN&table_to=US",
    "/en/map/flows.json",
    "/zh-hans/map/flows.json",
    "/en/map/flows.json?kind=province_state",
    "/en/map/flows.json?place={province}",
    "/en/map/arcs/4/3/2.json",  # East Asia
    "/en/map/arcs/4/1/3.json",  # Europe
    "/en/map/arcs/6/13/10.json",
    "/en/map/places.json?find=Bench%20Province%20AD-1",
]


def generate(pairings, seed=12):
    rng = random.Random(seed)
    codes = sorted({code for code, _name in countries})[:200]
    provinces, cities = [], []
    for country in codes:
        centre = (rng.uniform(-40, 65), rng.uniform(-180, 180))
        for p in range(PROVINCES_PER_COUNTRY):
            provinces.append(
                Jurisdiction(
                    country=country,
                    level=Level.PROVINCE,
                    designation=Designation.PROVINCE,
                    name_en=f"Bench Province {country}-{p}",
                    slug=f"{PREFIX}{country.lower()}-{p}",
                    latitude=round(max(-89, min(89, centre[0] + rng.uniform(-8, 8))), 4),
                    longitude=round((centre[1] + rng.uniform(-10, 10) + 180) % 360 - 180, 4),
                )
            )
    Jurisdiction.objects.bulk_create(provinces, batch_size=5000)
    provinces = list(Jurisdiction.objects.filter(slug__startswith=PREFIX, level=Level.PROVINCE))
    for province in provinces:
        for c in range(CITIES_PER_PROVINCE):
            cities.append(
                Jurisdiction(
                    country=province.country,
                    level=Level.CITY,
                    designation=Designation.CITY,
                    parent=province,
                    name_en=f"Bench City {province.slug}-{c}",
                    slug=f"{province.slug}-c{c}",
                    latitude=round(max(-89, min(89, float(province.latitude) + rng.uniform(-2, 2))), 4),
                    longitude=round((float(province.longitude) + rng.uniform(-2, 2) + 180) % 360 - 180, 4),
                )
            )
    Jurisdiction.objects.bulk_create(cities, batch_size=5000)
    city_ids = list(
        Jurisdiction.objects.filter(slug__startswith=PREFIX, level=Level.CITY).values_list("pk", "country")
    )
    province_ids = [(province.pk, province.country) for province in provinces]
    seen, rows = set(), []
    while len(rows) < pairings:
        kind = PairingKind.PROVINCE_STATE if rng.random() < 0.05 else PairingKind.CITY
        pool = province_ids if kind == PairingKind.PROVINCE_STATE else city_ids
        (a, country_a), (b, country_b) = rng.choice(pool), rng.choice(pool)
        key = (min(a, b), max(a, b))
        if country_a == country_b or key in seen:
            continue
        seen.add(key)
        rows.append(
            Pairing(
                side_a_id=a,
                side_b_id=b,
                kind=kind,
                slug=f"{PREFIX}{len(rows)}",
                is_published=True,
                established_on=f"{rng.randint(1973, 2025)}-01-01",
                established_precision="year",
            )
        )
    Pairing.objects.bulk_create(rows, batch_size=5000)
    analyze()


def analyze():
    """The planner's statistics for the rows as they now are (stale ones make the same query
    seconds slower, both after adding the generated rows and after removing them)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def remove():
    # Raw deletes: the generated rows have no history, sources or activities, and deleting them one
    # signal at a time (the history's) would take longer than the benchmark.
    Pairing.objects.filter(slug__startswith=PREFIX)._raw_delete(connection.alias)
    Jurisdiction.objects.filter(slug__startswith=PREFIX, level=Level.CITY)._raw_delete(connection.alias)
    Jurisdiction.objects.filter(slug__startswith=PREFIX)._raw_delete(connection.alias)
    analyze()
    cache.clear()


def measure(client, url, repeat):
    times = []
    for _ in range(repeat):
        # Uncached: neither the page cache nor the map data's cache answers. The list filters'
        # choices (the public countries) are computed once per state of the data by
        # registry/filters.py, apart from these pages: timed once, separately (filter_choices).
        cache.clear()
        public_countries()
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - start
        times.append(elapsed)
    body = response.content
    return response.status_code, len(body), len(gzip.compress(body)), statistics.median(times), len(queries)


def filter_choices():
    cache.clear()
    start = time.perf_counter()
    public_countries()
    return time.perf_counter() - start


def report(title, client, province, repeat):
    print(f"\n{title}")
    print(f"the list filters' choices, once per state of the data: {filter_choices() * 1000:.0f} ms")
    print(f"{'URL':48} {'status':>6} {'bytes':>10} {'gzip':>9} {'median ms':>10} {'queries':>8}")
    for url in URLS:
        url = url.format(province=province)
        status, size, packed, elapsed, queries = measure(client, url, repeat)
        print(f"{url:48} {status:>6} {size:>10,} {packed:>9,} {elapsed * 1000:>10.1f} {queries:>8}")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pairings", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3, help="requests per URL (the median is shown)")
    parser.add_argument("--keep", action="store_true", help="leave the generated rows in the database")
    args = parser.parse_args()
    client = Client()
    remove()
    # A province with pairs: the demo's Jiangsu if loaded, else the first generated one.
    province = "cn-jiangsu" if Jurisdiction.objects.filter(slug="cn-jiangsu").exists() else f"{PREFIX}ad-0"
    report(
        f"Before: {Pairing.objects.count():,} pairings ({connection.vendor})", client, province, args.repeat
    )
    start = time.perf_counter()
    generate(args.pairings)
    print(f"\nGenerated {args.pairings:,} pairings in {time.perf_counter() - start:.0f} s")
    try:
        report(
            f"World: {Pairing.objects.count():,} pairings ({connection.vendor})",
            client,
            province,
            args.repeat,
        )
    finally:
        if not args.keep:
            remove()


if __name__ == "__main__":
    main()
