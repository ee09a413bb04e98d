"""The database going away: public pages answer 503 with a friendly page, and the site recovers
by itself when the database is back. A real gunicorn serves a real database, which the test takes
away and gives back (on the backend the suite runs on: PostgreSQL or SQLite)."""

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


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


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
def server(database):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(DATABASE_URL=database.url, DJANGO_ALLOWED_HOSTS="127.0.0.1")
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=300
    )
    port = free_port()
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
    process = subprocess.Popen(
        [gunicorn, "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
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


def test_public_pages_answer_503_while_the_database_is_away_and_recover(server, database):
    assert get(server + "/en/")[0] == 200  # now in the page cache

    database.take_away()
    status, body = get(server + "/en/?uncached=1")
    assert status == 503
    assert "Temporarily unavailable" in body
    status, body = get(server + "/zh-hans/")
    assert status == 503
    assert "暂时无法访问" in body
    assert get(server + "/en/")[0] == 200  # a cached page is still served

    database.give_back()
    assert get(server + "/en/?uncached=1")[0] == 200
    assert get(server + "/zh-hans/")[0] == 200
