"""Fixtures of the browser tests (tests/test_browser*.py): Debian's chromium (no browser download
is possible), a live server with the demo data started once per module, and a page that fails
the test on a JavaScript error or on any request to another host (the site must work offline)."""

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import connection
from pytest_django.live_server_helper import LiveServer

CHROMIUM = "/usr/bin/chromium"
# Without these, chromium calls home (updates, metrics) and the offline check would catch it.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # No browser download is possible: use the system's chromium (see .ci/run).
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="module")
def site(no_stray_sessions_at_the_end, demo_data, django_db_blocker):
    """A live server with the real China–US data, both started once for this module.

    Not pytest-django's `live_server`: that one makes every test transactional, which empties the
    database after each test, so the demo data would have to be loaded again for every test. The
    tests here only read; the data is committed once (`demo_data`) and each test still runs in its
    own rolled-back transaction. The server answers only while a test runs (its database access is
    open then, through the module's `django_db` mark)."""
    with django_db_blocker.unblock():
        server = LiveServer("localhost")
    with server._live_server_modified_settings:
        yield server
    server.stop()


@pytest.fixture(scope="session")
def no_stray_sessions_at_the_end(django_db_setup, django_db_blocker):
    """Without pytest-django's `live_server`, a database session opened for the browser tests
    outlives them, and PostgreSQL then refuses to drop the test database at the end of the run
    (a warning, and the database is left behind). This worker's test database is its own: before
    it is dropped, end every other session on it."""
    yield
    if connection.vendor == "postgresql":
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )


@pytest.fixture
def browser_page(page, site):
    """A page that records JavaScript errors and blocks (and records) requests to other hosts."""
    errors, foreign = [], []
    own_host = urlsplit(site.url).netloc

    def guard(route):
        if urlsplit(route.request.url).netloc == own_host:
            route.continue_()
        else:
            foreign.append(route.request.url)
            route.abort()

    page.on("pageerror", lambda error: errors.append(str(error)))
    page.route("**/*", guard)
    yield page
    # Nothing may still be loading when the test's database access ends (a map's basemap, say):
    # the live server would start that request without it, and fail in its thread.
    page.goto("about:blank")
    assert errors == []
    assert foreign == []


def move_map(page, map_id, call):
    """Call a Leaflet map method, e.g. `setView([31, 114], 5)`, on the map element `map_id`. The
    call is a statement, not the script's value: setView and setZoom return the map, which
    Playwright would serialise whole, object graph and all (five seconds a call)."""
    page.evaluate(f"() => {{ document.getElementById({map_id!r}).leafletMap.{call}; }}")


AXE_SCRIPT = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"


def axe_violations(page):
    """axe-core's violations on the page as (rule, impact, first offending element) rows. The
    script is evaluated through the browser's debugging protocol, which the site's strict
    Content-Security-Policy (no inline scripts) does not govern."""
    page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
    # Only the rows are sent back: axe's whole result (every rule passed, with its nodes) is large.
    rows = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(violation => [violation.id, violation.impact, violation.nodes[0].html.slice(0, 200)])"
    )
    return [tuple(row) for row in rows]
