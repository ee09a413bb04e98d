"""Memory of the open-data builds (issues 12 and 17): the whole-registry downloads are written row
by row, so a build's peak memory stays flat however many rows the registry holds. The target is
at most 150 MB RSS for the CSV of 1,000,000 activities.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/registry_scratch \\
        .venv/bin/python benchmarks/opendata_memory.py [--activities 1000000] [--files activities.csv ...]

The database named by DATABASE_URL is migrated and its registry tables are FLUSHED when they do
not hold the generated rows: point it at a scratch database. It generates 1,000 published city
pairings and N published activities (one pairing each, a source each; generated titles: load, not
data), written with COPY on PostgreSQL (bulk inserts on SQLite), and keeps them for a rerun.
Each file is then written by a fresh Python process (the build's own code, registry/tasks/opendata.py
FILES) to a temporary file; the script prints rows, size, time and the peak RSS of that process
(getrusage ru_maxrss), beside the same process's RSS after Django has started and before it writes.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
PAIRINGS = 1000


def rss_mb():
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def measure(name):
    """In a fresh process: write one download, print one line of figures."""
    import django

    django.setup()
    from registry.tasks.opendata import FILES

    before = rss_mb()
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        FILES[name](out)
        size = out.tell()
    seconds = time.perf_counter() - started
    print(f"{name:24} {size / 1e6:10.1f} MB {seconds:9.1f} s {before:10.0f} MB {rss_mb():10.0f} MB")


def generate(activities):
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from registry.models import ExchangeActivity, Jurisdiction, Pairing

    call_command("migrate", verbosity=0)
    if ExchangeActivity.objects.filter(is_published=True).count() == activities:
        print(f"reusing {activities:,} activities already generated")
        return
    call_command("flush", interactive=False, verbosity=0)
    with transaction.atomic():
        provinces = [
            Jurisdiction.objects.create(
                country="CN", level="province", designation="province", name_en="Province CN", slug="bench-cn"
            ),
            Jurisdiction.objects.create(
                country="US", level="province", designation="state", name_en="State US", slug="bench-us"
            ),
        ]
        cities = []
        for index in range(PAIRINGS):
            for province in provinces:
                cities.append(
                    Jurisdiction(
                        country=province.country,
                        level="city",
                        designation="city",
                        parent=province,
                        name_en=f"City {province.country.code} {index}",
                        name_zh=f"城市{index}",
                        slug=f"bench-{province.country.code.lower()}-{index}",
                        latitude=30 + index % 10,
                        longitude=100 + index % 20 if province.country.code == "CN" else -90 - index % 20,
                    )
                )
        Jurisdiction.objects.bulk_create(cities, batch_size=2000)
        cn = Jurisdiction.objects.filter(country="CN", level="city").order_by("pk")
        us = Jurisdiction.objects.filter(country="US", level="city").order_by("pk")
        pairings = Pairing.objects.bulk_create(
            [
                Pairing(side_a=a, side_b=b, kind="city", is_published=True, slug=f"bench-pair-{index}")
                for index, (a, b) in enumerate(zip(cn, us, strict=True))
            ]
        )
        pairing_ids = [p.pk for p in pairings]
    started = time.perf_counter()
    if connection.vendor == "postgresql":
        _copy_activities(connection, activities, pairing_ids)
    else:
        _insert_activities(activities, pairing_ids)
    print(f"generated {activities:,} activities in {time.perf_counter() - started:.0f} s")


def _copy_activities(connection, activities, pairing_ids):
    """COPY straight into the tables: the activity rows with every column the model has, then one
    link per activity."""
    from registry.models import ExchangeActivity

    fields = [f for f in ExchangeActivity._meta.concrete_fields if not f.primary_key]
    template = ExchangeActivity(category="culture", description_en="Generated for the memory benchmark.")
    defaults = {f.column: f.get_db_prep_save(f.pre_save(template, add=True), connection) for f in fields}
    columns = [f.column for f in fields]
    table = ExchangeActivity._meta.db_table
    link_table = ExchangeActivity.pairings.through._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
        first = cursor.fetchone()[0] + 1
        raw = cursor.cursor
        with raw.copy(f"COPY {table} (id, {', '.join(columns)}) FROM STDIN") as copy:
            for index in range(activities):
                values = dict(defaults)
                values.update(title_en=f"Exchange {index}", title_zh=f"交流活动{index}", is_published=True)
                values["starts_on"] = f"{1980 + index % 45}-{1 + index % 12:02d}-{1 + index % 28:02d}"
                values["starts_precision"] = "day"
                copy.write_row([first + index, *(values.get(c) for c in columns)])
        with raw.copy(f"COPY {link_table} (exchangeactivity_id, pairing_id) FROM STDIN") as copy:
            for index in range(activities):
                copy.write_row([first + index, pairing_ids[index % len(pairing_ids)]])
        cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {first + activities})")
        cursor.execute(f"ANALYZE {table}; ANALYZE {link_table}")


def _insert_activities(activities, pairing_ids):
    from registry.models import ExchangeActivity

    Link = ExchangeActivity.pairings.through
    batch = 5000
    for start in range(0, activities, batch):
        created = ExchangeActivity.objects.bulk_create(
            [
                ExchangeActivity(
                    category="culture", title_en=f"Exchange {i}", title_zh=f"交流活动{i}", is_published=True
                )
                for i in range(start, min(start + batch, activities))
            ]
        )
        Link.objects.bulk_create(
            [Link(exchangeactivity_id=a.pk, pairing_id=pairing_ids[a.pk % len(pairing_ids)]) for a in created]
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=1_000_000)
    parser.add_argument("--files", nargs="*", default=["activities.csv"])
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.measure:
        measure(options.measure)
        return
    generate(options.activities)
    print(f"{'file':24} {'size':>13} {'time':>11} {'RSS before':>13} {'peak RSS':>13}")
    for name in options.files:
        subprocess.run([sys.executable, __file__, "--measure", name], check=True, cwd=ROOT)


if __name__ == "__main__":
    main()
