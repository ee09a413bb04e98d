"""A real gunicorn against a real database that a test can take away and give back, on the
backend the suite runs on (PostgreSQL when DATABASE_URL points there, else SQLite).

Its fixtures are available to every test (tests/conftest.py loads this module as a plugin).
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
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


def fetch(url, headers=None):
    """(status, body, response headers) of a GET, whatever the status."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode(), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), error.headers


def get(url):
    status, body, _headers = fetch(url)
    return status, body


class SqliteDatabase:
    """A SQLite file; "going away" = the file is moved aside."""

    def __init__(self, tmp_path):
        self.path = tmp_path / "outage.sqlite3"
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

    def __init__(self, suite_url):
        config = environ.Env.db_url_config(suite_url)
        self.name = f"{config['NAME']}_outage_{os.getpid()}"
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


@pytest.fixture
def database(tmp_path):
    db = (
        PostgresDatabase(SUITE_DATABASE)
        if SUITE_DATABASE.startswith("postgres")
        else SqliteDatabase(tmp_path)
    )
    db.create()
    yield db
    db.drop()


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
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(DATABASE_URL=database.url, DJANGO_ALLOWED_HOSTS="127.0.0.1", **server_environment)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=300
    )
    port = free_port()
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
    process = subprocess.Popen(
        [gunicorn, "config.wsgi", "--bind", f"127.0.0.1:{port}", *server_options],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    yield base
    process.terminate()
    process.wait(timeout=20)
