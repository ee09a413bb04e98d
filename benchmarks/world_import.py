"""The import preview at world size: the same 10,000-row pairings file checked against the demo
data and against the generated world (100,000 pairings, ~60,000 places, 1,000,000 activities),
side by side; or, with `--sheet activities`, a file of 10,000 new activities of existing pairs.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/registry_bench \\
        python benchmarks/world_import.py [--sheet pairings|activities] [--rows 10000] [--rounds 3]

Uses the databases benchmarks/world_bench.py builds (<name>_demo and <name>_world; run it first).
The pairings file pairs the demo's Chinese cities with its US cities, by English name, province
and state, so every row names places both databases hold; the activities file names the first
pairs of each database (a pair's side by province and city), each row a new activity starting in
one of ninety months. Nothing is written (a dry run, as the preview).
Each database is measured in a fresh process: the preview's median time, and the process's peak
resident memory before and after (the extra memory the preview needed).
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent


def database_url(name):
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path=f"/{name}"))


def measure(sheet, rows, rounds):
    """In this process (DATABASE_URL is one database): {seconds, peak_mib_before, peak_mib_after}."""
    import csv
    import io

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from registry.imports.columns import PAIRING_COLUMNS
    from registry.imports.service import import_sheet
    from registry.models import Jurisdiction, Level, Pairing

    def cities(country):
        return list(
            Jurisdiction.objects.filter(country=country, level=Level.CITY, parent__isnull=False)
            .select_related("parent")
            .order_by("pk")[:200]
        )

    def side(place):
        if place.level == Level.PROVINCE:
            return [place.country, place.name_en, ""]
        return [place.country, place.parent.name_en, place.name_en]

    out = io.StringIO()
    writer = csv.writer(out)
    sides = [column.name for column in PAIRING_COLUMNS[:6]]  # the two sides' columns
    written = 0
    if sheet == "activities":
        named = Pairing.objects.select_related("side_a__parent", "side_b__parent").order_by("pk")[:2000]
        pairs = [
            pair
            for pair in named
            if all(
                s.level == Level.PROVINCE or (s.parent and s.parent.level == Level.PROVINCE)
                for s in (pair.side_a, pair.side_b)
            )
        ]
        writer.writerow([*sides, "category", "title_en", "starts"])
        for written in range(rows):
            pair = pairs[written % len(pairs)]
            month = f"{2010 + written % 10}-{1 + written % 9:02d}"
            writer.writerow([*side(pair.side_a), *side(pair.side_b), "trade", f"Exchange {written}", month])
        written = rows
    else:
        chinese, american = cities("CN"), cities("US")
        writer.writerow(sides)
        for a in chinese:
            for b in american:
                if written == rows:
                    break
                writer.writerow(["CN", a.parent.name_en, a.name_en, "US", b.parent.name_en, b.name_en])
                written += 1
    data = out.getvalue().encode()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        plan = import_sheet(sheet=sheet, data=data, filename="world.csv", dry_run=True)
        times.append(time.perf_counter() - started)
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    counts = plan.counts()
    return {
        "rows": written,
        "seconds": statistics.median(times),
        "peak_mib_before": before,
        "peak_mib_after": after,
        "new": counts["new"],
        "updated": counts["updated"],
        "unchanged": counts["unchanged"],
        "errors": counts["error"],
    }


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sheet", choices=["pairings", "activities"], default="pairings")
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.sheet, args.rows, args.rounds)))
        return
    base = urlsplit(os.environ["DATABASE_URL"]).path.lstrip("/")
    figures = {}
    for name in (f"{base}_demo", f"{base}_world"):
        env = {**os.environ, "DATABASE_URL": database_url(name), "DJANGO_DEBUG": "false"}
        env.setdefault("DJANGO_SECRET_KEY", "benchmark")
        env.setdefault("CACHE_URL", "locmemcache://")
        options = ["--sheet", args.sheet, "--rows", str(args.rows), "--rounds", str(args.rounds)]
        done = subprocess.run(
            [sys.executable, __file__, "--measure", *options],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        )
        figures[name] = json.loads(done.stdout.strip().splitlines()[-1])
        row = figures[name]
        print(
            f"{name}: {row['rows']:,} rows previewed in {row['seconds']:.2f} s (median of {args.rounds}); "
            f"peak memory {row['peak_mib_before']:.0f} → {row['peak_mib_after']:.0f} MiB "
            f"(+{row['peak_mib_after'] - row['peak_mib_before']:.0f}); "
            f"new {row['new']:,}, updated {row['updated']:,}, unchanged {row['unchanged']:,}, "
            f"errors {row['errors']:,}",
            flush=True,
        )
    demo, world = figures.values()
    print(f"world / demo time: {world['seconds'] / demo['seconds']:.2f}×")


if __name__ == "__main__":
    main()
