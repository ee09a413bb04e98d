"""Write a pairings CSV of new city pairs between places already in the registry, for the import
that benchmarks/load.sh runs while the site is under load.

    python benchmarks/make_load_import.py OUT.csv [--rows 3000]

The pairs are made up (Chinese city i with US city j) and exist only in the load-test database.
"""

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from registry.models import (  # noqa: E402
    Jurisdiction,
    Level,
    Pairing,
)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out")
    parser.add_argument("--rows", type=int, default=3000)
    args = parser.parse_args()
    cities = Jurisdiction.objects.filter(level=Level.CITY, parent__level=Level.PROVINCE).select_related(
        "parent"
    )
    chinese = [c for c in cities if c.country == "CN"]
    american = [c for c in cities if c.country == "US"]
    taken = {frozenset(p) for p in Pairing.objects.values_list("side_a", "side_b")}
    lines = [
        "side_a_country,side_a_province,side_a_city,side_b_country,side_b_province,side_b_city,established"
    ]
    for a in chinese:
        for b in american:
            if len(lines) > args.rows:
                break
            if frozenset((a.pk, b.pk)) not in taken:
                lines.append(f'CN,{a.parent.name_en},{a.name_en},US,{b.parent.name_en},"{b.name_en}",2001')
    Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines) - 1} rows to {args.out}")


if __name__ == "__main__":
    main()
