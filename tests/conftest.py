import os

import pytest
from django.apps import apps as django_apps
from django.core.cache import cache
from django.db.models.signals import post_migrate
from django.test import override_settings
from django.utils import translation

from .helpers import delete_registry_rows, load_demo_data

# The `database` and `server` fixtures: a real gunicorn against a database a test can take away.
pytest_plugins = ["tests.live_server", "tests.browser"]

__all__ = ["delete_registry_rows"]  # imported from here by older test modules


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """The real China–US reference and demo fixtures, as `make demo` loads them, loaded once per
    test module (each test still runs in its own rolled-back transaction)."""
    with django_db_blocker.unblock():
        load_demo_data()
    yield
    with django_db_blocker.unblock():
        delete_registry_rows()
        # Loading commits writes, and each commit queues an open-data build: a waiting build left in
        # the queue's own table would be seen by the next module's tests (no build queued, or one).
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.all().delete()


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing():
    """Django's default hasher spends a deliberate ~0.1-0.5 s of CPU on every password set or
    checked, and most tests create a staff user. Tests check who may do what, not how a password is
    stored: a fast hasher (as Django's testing docs advise). Production settings are unchanged."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def english_by_default():
    """A request in Chinese leaves its language active in the thread: start every test in English."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def open_data_directory(settings, tmp_path):
    """Each test builds and serves its open-data files in a directory of its own."""
    settings.OPENDATA_DIR = tmp_path / "opendata"


@pytest.fixture(autouse=True)
def empty_page_cache():
    """Rolled-back test data sends no signals: start every test with no cached pages."""
    cache.clear()


@pytest.fixture(scope="session", autouse=True)
def allow_orm_beside_playwright():
    """Once a browser test starts Playwright's sync API, an asyncio loop stays running in the test
    thread for the rest of the session, and Django would refuse every ORM call (fixtures, database
    flushes) as made "from an async context". No test runs async code of its own."""
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _recreate_role_groups(sender, **kwargs):
    """A transactional test ends by emptying every table, the staff role groups a migration
    created included; the flush then recreates content types and permissions (post_migrate), and
    this gives the roles back. Tests spread over workers by file do not all run before the
    transactional ones, so without it a later test would find no roles."""
    if sender.name != "registry":  # after the auth and content type apps have made theirs
        return
    from registry.roles import sync_roles

    sync_roles(django_apps)


post_migrate.connect(
    _recreate_role_groups, sender=django_apps.get_app_config("registry"), dispatch_uid="test-roles"
)


def pytest_collection_modifyitems(items):
    """Browser tests are marked `browser`, and `make test` runs them in a pytest process of their
    own after the rest: once Playwright's sync API has run, an asyncio loop stays running in the
    test thread, and Django's test client can then no longer call an async view (the health checks
    are async) in that process."""
    for item in items:
        if "page" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
