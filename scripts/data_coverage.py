"""Print how much of data/source/ is dated, has a known status and an established basis.

Run: python scripts/data_coverage.py
"""

import csv
from collections import Counter
from pathlib import Path

SOURCE = Path(__file__).resolve().parent.parent / "data" / "source"


def rows(name):
    with open(SOURCE / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def percent(part, whole):
    return f"{part}/{whole} = {100 * part / whole:.1f}%"


def main():
    city = rows("city_pairs.csv")
    province = rows("province_state_pairs.csv")
    pairs = city + province
    dated = [r for r in city if r["established"].strip()]
    print("city pairs dated:", percent(len(dated), len(city)))
    print(
        "province-state pairs dated:",
        percent(sum(1 for r in province if r["established"].strip()), len(province)),
    )
    known = [r for r in pairs if r["status"].strip() != "unknown"]
    print("pairs with a status other than unknown:", percent(len(known), len(pairs)))
    print("statuses:", dict(Counter(r["status"] for r in pairs).most_common()))
    dated_all = [r for r in pairs if r["established"].strip()]
    with_basis = [r for r in dated_all if r.get("established_basis", "").strip()]
    print("dated pairs with an established_basis:", percent(len(with_basis), len(dated_all)))
    print("bases:", dict(Counter(r.get("established_basis", "") for r in dated_all).most_common()))
    print("province-state pairs:", len(province))
    milestones = SOURCE / "milestones.csv"
    if milestones.exists():
        print("milestones:", dict(Counter(r["kind"] for r in rows("milestones.csv")).most_common()))


if __name__ == "__main__":
    main()
