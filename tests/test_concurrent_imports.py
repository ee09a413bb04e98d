"""The same file confirmed by several importers at once is written once.

Four `import_registry` processes (the same code path as the admin's confirm: plan and write in one
transaction) start together against one database of the suite's kind, a PostgreSQL database or a
SQLite file. On PostgreSQL the imports' advisory lock makes them take turns; on SQLite, the
database's write lock taken first (registry/imports/locking.py)."""

import subprocess
import sys

from .imports_helpers import DATA
from .live_server import ROOT, clean_environment, manage, server_database

IMPORTERS = 4


def test_an_activities_file_confirmed_four_times_at_once_is_written_once(tmp_path):
    with server_database(tmp_path, "imports", prepared="demo") as database:
        env = clean_environment(DATABASE_URL=database.url)
        command = [sys.executable, "manage.py", "import_registry", "activities", str(DATA / "activities.csv")]
        importers = [
            subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
            )
            for _ in range(IMPORTERS)
        ]
        results = [(*importer.communicate(timeout=300), importer.returncode) for importer in importers]

        assert [code for _out, _err, code in results] == [0] * IMPORTERS, results
        count = manage(
            env,
            "shell",
            "-c",
            "from registry.models import ExchangeActivity as A; "
            "print(A.objects.filter(title_en='Hubei trade mission').count())",
        ).stdout.split()[-1]
        assert count == "1"
