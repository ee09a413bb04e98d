"""Import benchmark: 10,000 new pairing rows over 2,000 places (issue 3, "Speed").

    .venv/bin/python benchmarks/import_bench.py                       # SQLite (a temporary file)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/registry_import \\
        .venv/bin/python benchmarks/import_bench.py                   # PostgreSQL

The database named by DATABASE_URL is migrated and its registry rows are DELETED: point it at a
scratch database. Reports rows/s for preview (plan only) and confirm (plan + write), SQL statements
per 1,000 rows, peak Python memory of a preview, the admin round trip (upload → preview → confirm)
through Django's test client with its preview page size, re-importing the unchanged file, and the
same rows through a default django-import-export ModelResource (dry run, then import) as baseline.
"""

import argparse
import os
import sys
import tempfile
import time
import tracemalloc
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import warnings

import django

# No collected static files are needed to serve the admin views measured here.
warnings.filterwarnings("ignore", message="No directory at")

django.setup()

import tablib  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from import_export import resources  # noqa: E402

from registry.imports.service import import_sheet  # noqa: E402
from registry.models import Designation, Jurisdiction, Level, Pairing  # noqa: E402

PLACES_PER_SIDE = 1000


class Statements:
    """Counts SQL statements (and writes) without DEBUG."""

    def __init__(self):
        self.total = self.writes = 0

    def __call__(self, execute, sql, params, many, context):
        self.total += 1
        if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            self.writes += 1
        return execute(sql, params, many, context)


@contextmanager
def measured():
    counter = Statements()
    start = time.perf_counter()
    with connection.execute_wrapper(counter):
        yield counter
    counter.seconds = time.perf_counter() - start


def reset():
    from tests.conftest import delete_registry_rows

    delete_registry_rows()


def vacuum():
    """On PostgreSQL, what autovacuum does soon after many deletes: without it, the rows this
    benchmark deleted a moment ago (dead, not yet vacuumed) slow the next run's inserts and index
    lookups, which no registry importing into its tables meets."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def make_places():
    """2,000 places: 1,000 Chinese cities under 10 provinces and 1,000 US cities under 10 states."""
    places = []
    for country, designation in (("CN", Designation.PROVINCE), ("US", Designation.STATE)):
        provinces = Jurisdiction.objects.bulk_create(
            Jurisdiction(
                country=country,
                level=Level.PROVINCE,
                designation=designation,
                name_en=f"{country} Province {i}",
                slug=f"{country.lower()}-province-{i}",
            )
            for i in range(10)
        )
        places += Jurisdiction.objects.bulk_create(
            Jurisdiction(
                country=country,
                level=Level.CITY,
                designation=Designation.CITY,
                parent=provinces[i % 10],
                name_en=f"{country} City {i}",
                name_zh=f"城市{i}" if country == "CN" else "",
                slug=f"{country.lower()}-city-{i}",
            )
            for i in range(PLACES_PER_SIDE)
        )
    return places


def csv_rows(rows):
    """10,000 distinct pairs: Chinese city i with US city (i * 7 + k) for k in 0..9."""
    lines = [
        "side_a_country,side_a_province,side_a_city,side_b_country,side_b_province,side_b_city,established,status"
    ]
    for n in range(rows):
        i, k = n // 10, n % 10
        j = (i * 7 + k) % PLACES_PER_SIDE
        lines.append(
            f"CN,CN Province {i % 10},CN City {i},US,US Province {j % 10},US City {j},"
            f"{1980 + n % 40}-05,active"
        )
    return ("\n".join(lines) + "\n").encode()


def as_xlsx(body):
    import csv
    import io

    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("data")
    for row in csv.reader(io.StringIO(body.decode())):
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def baseline_dataset(rows):
    ids = {p.slug: p.pk for p in Jurisdiction.objects.filter(level=Level.CITY)}
    data = tablib.Dataset(headers=["id", "side_a", "side_b", "slug", "kind", "status"])
    for n in range(rows):
        i, k = n // 10, n % 10
        j = (i * 7 + k) % PLACES_PER_SIDE
        data.append(["", ids[f"cn-city-{i}"], ids[f"us-city-{j}"], f"baseline-{n}", "city", "active"])
    return data


class BaselineResource(resources.ModelResource):
    class Meta:
        model = Pairing


def through_the_worker(client, response):
    """Where a redirect of the admin's import leads. A file over REGISTRY_IMPORT_BACKGROUND_ROWS
    rows, and every XLSX, is handed to the task worker: its task is run here, in this process, as
    `run_worker` would (so the round trip includes the task's work, not a wait for a worker), and
    the page the progress page then opens is where it leads."""
    from tests.helpers import TASK_PAGES, run_import_tasks, task_status

    assert response.status_code == 302, response.status_code
    location = response["Location"]
    if not location.startswith(TASK_PAGES):
        return location  # checked or written in the request
    run_import_tasks()
    return task_status(client, location[len(TASK_PAGES) :].split("/")[0])["next"]


def check_file(filename, data):
    """The import service's dry run: what the admin's preview computes."""
    return import_sheet(sheet="pairings", data=data, filename=filename, dry_run=True)


def report(label, rows, m, extra=""):
    rate = rows / m.seconds if m.seconds else float("inf")
    per_k = m.total * 1000 / rows
    print(f"{label:<52} {m.seconds:7.2f} s  {rate:9.0f} rows/s  {per_k:7.1f} statements/1,000 rows  {extra}")
    return rate


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--baseline-rows", type=int, default=10_000)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    reset()
    make_places()
    body = csv_rows(args.rows)
    print(f"database: {connection.vendor}; {args.rows} rows, {len(body):,} bytes, 2,000 places\n")

    with measured() as m:
        plan = check_file("bench.csv", body)
    assert plan.counts()["new"] == args.rows, plan.counts()
    preview_rate = report("preview (plan, no writes)", args.rows, m)

    xlsx = as_xlsx(body)
    with measured() as m:
        plan = check_file("bench.xlsx", xlsx)
    assert plan.counts()["new"] == args.rows, plan.counts()
    report("preview of the same rows as XLSX", args.rows, m, f"{len(xlsx):,} bytes")

    tracemalloc.start()
    check_file("bench.csv", body)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"{'peak Python memory of a preview':<52} {peak / 2**20:7.1f} MiB")

    with measured() as m:
        plan = import_sheet(sheet="pairings", data=body, filename="bench.csv")
    confirm_rate = report("confirm (plan + write + history)", args.rows, m, f"{m.writes} writes")
    assert Pairing.objects.count() == args.rows
    assert Pairing.history.count() == args.rows

    with measured() as m:
        plan = import_sheet(sheet="pairings", data=body, filename="bench.csv")
    assert plan.counts()["unchanged"] == args.rows
    report("re-import of the unchanged file", args.rows, m, f"{m.writes} writes")

    # The admin round trip on an empty pairing table, through the real views.
    user = User.objects.filter(username="bench").first() or User.objects.create_superuser(
        "bench", password="x"
    )
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    admin_rate = None
    for name, content in (("bench.csv", body), ("bench.xlsx", xlsx)):
        Pairing.history.all().delete()
        Pairing.objects.all().delete()
        vacuum()
        with measured() as m:
            upload = client.post(
                reverse("admin:registry_pairing_import"), {"file": SimpleUploadedFile(name, content)}
            )
            preview_url = through_the_worker(client, upload)
            preview = client.get(preview_url)
            token = preview_url.rstrip("/").rsplit("/", 1)[1]
            confirmed = client.post(reverse("admin:registry_pairing_import_confirm", kwargs={"token": token}))
            through_the_worker(client, confirmed)
        assert preview.status_code == 200, preview.status_code
        assert confirmed.status_code == 302, confirmed.status_code
        assert Pairing.objects.count() == args.rows
        rate = report(
            f"admin round trip, {name.split('.')[1].upper()} (upload, preview, confirm)",
            args.rows,
            m,
            f"preview page {len(preview.content) / 1024:.0f} KiB",
        )
        admin_rate = admin_rate or rate

    # Baseline: a default ModelResource, dry run (its preview) then the import itself.
    Pairing.history.all().delete()
    Pairing.objects.all().delete()
    dataset = baseline_dataset(args.baseline_rows)
    resource = BaselineResource()
    with measured() as dry:
        result = resource.import_data(dataset, dry_run=True)
    assert not result.has_errors()
    with measured() as wet:
        result = resource.import_data(dataset, dry_run=False)
    assert not result.has_errors()
    assert Pairing.objects.count() == args.baseline_rows
    report("baseline ModelResource dry run", args.baseline_rows, dry)
    report("baseline ModelResource import", args.baseline_rows, wet)
    wet.seconds += dry.seconds
    wet.total += dry.total
    baseline_rate = report("baseline preview + import", args.baseline_rows, wet)
    print(
        f"\nadmin round trip (CSV) vs baseline preview + import: {admin_rate / baseline_rate:.1f}x; "
        f"preview {preview_rate:.0f} rows/s, confirm {confirm_rate:.0f} rows/s"
    )
    reset()


if __name__ == "__main__":
    main()
