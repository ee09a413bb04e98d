"""Lighthouse (mobile preset) on the public site's home, pair list, pair page and map: prints the
four category scores per page, with the page's total transfer size and its HTML document's.

    python benchmarks/lighthouse.py                 # serves a demo site itself (see below)
    python benchmarks/lighthouse.py --url http://127.0.0.1:8000   # or an already served site

Lighthouse is the npm package pinned in benchmarks/lighthouse/package.json, installed there
(`npm ci`, done by this script when missing), never globally; it drives Debian's chromium
(CHROME_PATH, default /usr/bin/chromium). Without --url the script builds a demo site in a
temporary directory: a SQLite database with `load_demo`'s data, production settings
(DJANGO_ENV=production, plain HTTP on loopback), collected and compressed static files served by
WhiteNoise (as deploy/registry.env.example sets them), and
gunicorn with two workers; it stops them when done. Each page is loaded once before it is
measured so that the page cache holds it, as it would for a visitor of a live site.
"""

import argparse
import json
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager, nullcontext
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE_DIR = ROOT / "benchmarks" / "lighthouse"
LIGHTHOUSE = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
PAGES = {
    "home": "/en/",
    "pair list": "/en/pairs/",
    "pair page": "/en/pairs/hubei-ohio/",
    "map": "/en/map/",
}
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def demo_site():
    """A demo site served by gunicorn with production settings; yields its base URL."""
    python = sys.executable
    with tempfile.TemporaryDirectory(prefix="lighthouse-site-") as tmp:
        port = free_port()
        env = {
            **os.environ,
            "DJANGO_ENV": "production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(40),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SSL_REDIRECT": "false",
            "DATABASE_URL": f"sqlite:///{tmp}/demo.sqlite3",
            "DJANGO_STATIC_ROOT": f"{tmp}/static",
            # As deploy/registry.env.example: hashed names, and gzip and Brotli copies WhiteNoise serves.
            "DJANGO_STATICFILES_STORAGE": "whitenoise.storage.CompressedManifestStaticFilesStorage",
        }
        env.pop("CACHE_URL", None)  # each worker's own memory cache: nothing shared to clean up
        for command in (
            ["migrate", "-v0"],
            ["createcachetable"],
            ["load_demo"],
            ["collectstatic", "--noinput", "-v0"],
        ):
            subprocess.run(
                [python, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
            )
        gunicorn = shutil.which("gunicorn", path=str(Path(python).parent)) or "gunicorn"
        server = subprocess.Popen(
            [
                gunicorn,
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"{base}/en/", timeout=5)
                    break
                except OSError:
                    time.sleep(0.3)
            yield base
        finally:
            server.terminate()
            server.wait(timeout=30)


def install_lighthouse():
    if not LIGHTHOUSE.exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=LIGHTHOUSE_DIR, check=True)


def lighthouse(url, chrome):
    """One Lighthouse run (its default: the mobile preset); returns its JSON report."""
    result = subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--only-categories=" + ",".join(CATEGORIES),
            "--output=json",
            "--output-path=stdout",
            "--quiet",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        ],
        env={**os.environ, "CHROME_PATH": chrome},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def figures(report):
    scores = {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}
    total = report["audits"]["total-byte-weight"]["numericValue"]
    requests = report["audits"]["network-requests"]["details"]["items"]
    document = next((r for r in requests if r.get("resourceType") == "Document"), {})
    return scores, total, document.get("transferSize", 0), document.get("resourceSize", 0)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", help="base URL of a served site (default: serve a demo site)")
    parser.add_argument("--runs", type=int, default=1, help="runs per page; the median score is printed")
    parser.add_argument("--reports", type=Path, help="also save each Lighthouse JSON report in this folder")
    parser.add_argument("--chrome", default=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
    args = parser.parse_args()
    install_lighthouse()
    site = nullcontext(args.url) if args.url else demo_site()
    with site as base:
        print(f"Lighthouse (mobile preset) on {base}, {args.runs} run(s) per page, median scores")
        header = "".join(f"{name:>16}" for name in CATEGORIES)
        print(f"{'page':<11}{header}{'total KB':>10}{'HTML KB sent':>14}{'HTML KB':>9}")
        for label, path in PAGES.items():
            urllib.request.urlopen(base + path, timeout=60)
            reports = [lighthouse(base + path, args.chrome) for _ in range(args.runs)]
            if args.reports:
                args.reports.mkdir(parents=True, exist_ok=True)
                (args.reports / f"{label.replace(' ', '-')}.json").write_text(json.dumps(reports[-1]))
            runs = [figures(report) for report in reports]
            scores = {name: statistics.median(run[0][name] for run in runs) for name in CATEGORIES}
            total, sent, size = (statistics.median(run[i] for run in runs) / 1024 for i in (1, 2, 3))
            cells = "".join(f"{scores[name]:>16g}" for name in CATEGORIES)
            print(f"{label:<11}{cells}{total:>10.1f}{sent:>14.1f}{size:>9.1f}", flush=True)


if __name__ == "__main__":
    main()
