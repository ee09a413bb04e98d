"""A real gunicorn against a real database that a test can take away and give back, on the
backend the suite runs on (a PostgreSQL database of its own when DATABASE_URL points at
PostgreSQL, else a SQLite file); and the helpers to run the project's commands against it.

Its fixtures are available to every test (tests/conftest.py loads this module as a plugin); the
helpers are imported by tests that drive the steps themselves (production build, concurrent
imports, a cache outage).
"""

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

    def create(self):
        pass

    def take_away(self):
        self.path.rename(self.path.with_suffix(".away"))
        # Where the file was, a directory: SQLite can open nothing there.
        self.path.mkdir()

    def give_back(self):
        self.path.rmdir()
        self.path.with_suffix(".away").rename(self.path)

    def drop(self):
        pass


class PostgresDatabase:
    """A PostgreSQL database; "going away" = connections refused and existing ones terminated."""

    def __init__(self, suite_url, purpose):
        config = environ.Env.db_url_config(suite_url)
        self.name = f"{config['NAME']}_{purpose}_{os.getpid()}"
        self.admin = (
            f"host={config['HOST'] or '127.0.0.1'} port={config['PORT'] or 5432} "
            f"user={config['USER']} password={config['PASSWORD']} dbname=postgres"
        )
        self.url = suite_url.rsplit("/", 1)[0] + "/" + self.name

    def sql(self, statement):
        with psycopg.connect(self.admin, autocommit=True) as connection:
            connection.execute(statement)

    def create(self):
        self.sql(f'DROP DATABASE IF EXISTS "{self.name}"')
        self.sql(f'CREATE DATABASE "{self.name}"')

    def take_away(self):
        self.sql(f'ALTER DATABASE "{self.name}" WITH ALLOW_CONNECTIONS false')
        self.sql(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{self.name}'")

    def give_back(self):
        self.sql(f'ALTER DATABASE "{self.name}" WITH ALLOW_CONNECTIONS true')

    def drop(self):
        self.give_back()
        self.sql(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@contextmanager
def server_database(tmp_path, purpose):
    """A fresh, empty database of the suite's kind, dropped afterwards."""
    if SUITE_DATABASE.startswith("postgres"):
        database = PostgresDatabase(SUITE_DATABASE, purpose)
    else:
        database = SqliteDatabase(tmp_path, purpose)
    database.create()
    try:
        yield database
    finally:
        database.drop()


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
    with server_database(tmp_path, "outage") as database:
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
    manage(env, "migrate", "-v0")
    with gunicorn(env, *server_options) as base:
        yield base
