"""Render scripts/share_image.html to registry/static/registry/share.png (1200 × 630), the image
pages name in their Open Graph and Twitter card tags, with headless chromium.

    python scripts/render_share_image.py   # needs chromium and fonts-wqy-microhei
"""

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "scripts" / "share_image.html"
TARGET = ROOT / "registry" / "static" / "registry" / "share.png"


def main():
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                "chromium",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--force-device-scale-factor=1",
                f"--user-data-dir={profile}",
                "--window-size=1200,630",
                f"--screenshot={TARGET}",
                SOURCE.as_uri(),
            ],
            check=True,
            capture_output=True,
        )
    sys.stdout.write(f"wrote {TARGET.relative_to(ROOT)}\n")


if __name__ == "__main__":
    main()
