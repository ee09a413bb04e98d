import os

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.management import call_command
from django.utils import translation

from registry.models import ExchangeActivity, Jurisdiction, Level, Milestone, Pairing, Source

# The `database` and `server` fixtures: a real gunicorn against a database a test can take away.
pytest_plugins = ["tests.live_server"]

# Children before parents: every foreign key between these is PROTECT.
DELETION_ORDER = [ExchangeActivity, Milestone, Pairing, Source]


def delete_registry_rows():
    for model in DELETION_ORDER:
        model.objects.all().delete()
    for level in (Level.COUNTY, Level.CITY, Level.PROVINCE):
        # County-level places can sit under other county-level ones only in bad data; loop till done.
        while Jurisdiction.objects.filter(level=level).exists():
            Jurisdiction.objects.filter(level=level, children__isnull=True).delete()
    # What is left are history tables (including those of many-to-many links).
    for model in apps.get_app_config("registry").get_models():
        model.objects.all().delete()


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """The real China–US reference and demo fixtures, as `make demo` loads them, loaded once per
    test module (each test still runs in its own rolled-back transaction)."""
    with django_db_blocker.unblock():
        call_command("load_demo", verbosity=0)
    yield
    with django_db_blocker.unblock():
        delete_registry_rows()


@pytest.fixture(autouse=True)
def english_by_default():
    """A request in Chinese leaves its language active in the thread: start every test in English."""
    with translation.override("en"):
        yield


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
