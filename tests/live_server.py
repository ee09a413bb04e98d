"""A real gunicorn against a real database that a test can take away and give back, on the
backend the suite runs on (a PostgreSQL database of its own when DATABASE_URL points at
PostgreSQL, else a SQLite file); and the helpers to run the project's commands against it.

Its fixtures are available to every test (tests/conftest.py loads this module as a plugin); the
helpers are imported by tests that drive the steps themselves (production build, concurrent
imports, a cache outage).
"""

import fcntl
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import environ
import psycopg
import pytest

ROOT = Path(__file__).resolve().parent.parent
SUITE_DATABASE = os.environ.get("DATABASE_URL", "")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url, headers=None, *, follow=True):
    """(status, body, response headers) of a GET, whatever the status."""
    opener = urllib.request.build_opener() if follow else urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, response.read().decode(), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), error.headers


def get(url):
    status, body, _headers = fetch(url)
    return status, body


class SqliteDatabase:
    """A SQLite file; "going away" = the file is moved aside."""

    def __init__(self, tmp_path, purpose):
        self.path = tmp_path / f"{purpose}.sqlite3"
        self.url = f"sqlite:///{self.path}"

    def exists(self):
        return self.path.exists()

    def create(self, copy_of=None):
        self.drop()
        if copy_of is not None:
            shutil.copyfile(copy_of.path, self.path)

    def rename(self, other):
        self.path.replace(other.path)

    def siblings(self):
        """The other files whose name differs from this one's in its last part only."""
        stem = self.path.stem.rsplit("_", 1)[0]
        paths = self.path.parent.glob(f"{stem}_*.sqlite3")
        return [SqliteDatabase(path.parent, path.stem) for path in paths if path != self.path]

    def take_away(self):
        self.path.rename(self.path.with_suffix(".away"))
        # Where the file was, a directory: SQLite can open nothing there.
        self.path.mkdir()

    def give_back(self):
        self.path.rmdir()
        self.path.with_suffix(".away").rename(self.path)

    def drop(self):
        if self.path.is_file():  # not the directory left while it is away
            self.path.unlink()


class PostgresDatabase:
    """A PostgreSQL database; "going away" = connections refused and existing ones terminated."""

    def __init__(self, suite_url, purpose):
        config = environ.Env.db_url_config(suite_url)
        self.suite_url, self.suite_name = suite_url, config["NAME"]
        self.name = f"{self.suite_name}_{purpose}"
        self.admin = (
            f"host={config['HOST'] or '127.0.0.1'} port={config['PORT'] or 5432} "
            f"user={config['USER']} password={config['PASSWORD']} dbname=postgres"
        )
        self.url = suite_url.rsplit("/", 1)[0] + "/" + self.name

    def sql(self, statement):
        with psycopg.connect(self.admin, autocommit=True) as connection:
            connection.execute(statement)

    def exists(self):
        with psycopg.connect(self.admin, autocommit=True) as connection:
            return bool(
                connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [self.name]).fetchone()
            )

    def create(self, copy_of=None):
        self.sql(f'DROP DATABASE IF EXISTS "{self.name}"')
        template = f' TEMPLATE "{copy_of.name}"' if copy_of is not None else ""
        self.sql(f'CREATE DATABASE "{self.name}"{template}')

    def rename(self, other):
        self.sql(f'ALTER DATABASE "{self.name}" RENAME TO "{other.name}"')

    def siblings(self):
        """The other databases whose name differs from this one's in its last part only."""
        stem = self.name.rsplit("_", 1)[0]
        with psycopg.connect(self.admin, autocommit=True) as connection:
            names = connection.execute(
                "SELECT datname FROM pg_database WHERE starts_with(datname, %s)", [f"{stem}_"]
            ).fetchall()
        purposes = [name.removeprefix(f"{self.suite_name}_") for (name,) in names if name != self.name]
        return [PostgresDatabase(self.suite_url, purpose) for purpose in purposes]

    def take_away(self):
        self.sql(f'ALTER DATABASE "{self.name}" WITH ALLOW_CONNECTIONS false')
        self.sql(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{self.name}'")

    def give_back(self):
        self.sql(f'ALTER DATABASE "{self.name}" WITH ALLOW_CONNECTIONS true')

    def drop(self):
        self.give_back()
        self.sql(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def _database(folder, name):
    if SUITE_DATABASE.startswith("postgres"):
        return PostgresDatabase(SUITE_DATABASE, name)
    return SqliteDatabase(folder, name)


@contextmanager
def server_database(tmp_path, purpose, *, prepared=None):
    """A fresh database of the suite's kind, dropped afterwards: empty, or with `prepared` a copy
    of a database on which PREPARED[prepared]'s commands have run."""
    database = _database(tmp_path, f"{purpose}_{os.getpid()}")
    database.create(copy_of=prepared_database(prepared) if prepared else None)
    try:
        yield database
    finally:
        database.drop()


# Databases a test may start from, by the commands run on an empty one. Each is made once for this
# code (migrate alone is 4 s in a subprocess, load_demo 8 s) and copied for every test that asks
# for it: a PostgreSQL template database, or a SQLite file. Tests about those commands themselves
# (the README's production steps) run them.
PREPARED = {
    "migrated": [["migrate", "-v0"], ["createcachetable"]],
    "demo": [["migrate", "-v0"], ["createcachetable"], ["load_demo", "-v0"]],
}


def prepared_database(kind):
    """The database PREPARED[kind] makes, named by the digest of the code and data it comes from
    (tests/helpers.py); made by the first test process that asks, under a lock, and left for the
    next run. Only a whole one is kept: it is made under another name and renamed when done."""
    from .helpers import SNAPSHOTS, inputs_digest

    SNAPSHOTS.mkdir(exist_ok=True)
    database = _database(SNAPSHOTS, f"prepared_{kind}_{inputs_digest()}")
    with open(SNAPSHOTS / f"prepared-{kind}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not database.exists():
            part = _database(SNAPSHOTS, f"prepared_{kind}_part")
            part.create()
            env = clean_environment(DATABASE_URL=part.url)
            for command in PREPARED[kind]:
                manage(env, *command)
            part.rename(database)
            for older in database.siblings():  # made by older code
                older.drop()
    return database


def clean_environment(**settings):
    """This process's environment without its DJANGO_* settings and cache, plus `settings`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "CACHE_URL"}
    env.update(settings)
    return env


def manage(env, *args, timeout=300):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=timeout,
        capture_output=True,
        text=True,
    )


@contextmanager
def gunicorn(env, *options, log=None):
    """gunicorn serving the project with `env`; yields its base URL and stops it afterwards.
    Its error log goes to the file `log` if given (read it when a test fails)."""
    port = free_port()
    executable = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
    process = subprocess.Popen(
        [executable, "config.wsgi", "--bind", f"127.0.0.1:{port}", *(options or ["--workers", "1"])],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(log, "w") if log else subprocess.DEVNULL,  # noqa: SIM115 (closed with the process)
    )
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None:
                    raise RuntimeError("gunicorn exited before it served") from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture
def database(tmp_path):
    """A migrated database of the test's own (the server's)."""
    with server_database(tmp_path, "outage", prepared="migrated") as database:
        yield database


@pytest.fixture
def server_environment():
    """Extra environment for the server; a test module overrides this fixture to add settings."""
    return {}


@pytest.fixture
def server_options():
    """Extra gunicorn options; a test module overrides this fixture, e.g. for more workers."""
    return ["--workers", "1"]


@pytest.fixture
def server(database, server_environment, server_options):
    env = clean_environment(DATABASE_URL=database.url, DJANGO_ALLOWED_HOSTS="127.0.0.1", **server_environment)
    with gunicorn(env, *server_options) as base:
        yield base
