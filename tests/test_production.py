"""The README's production steps, run as an operator would: settings checked, static files built
with the manifest storage, the data loaded, gunicorn serving every kind of page with its security
headers; and the site going on without its cache (Redis) and coming back to it."""

import http.cookiejar
import re
import secrets
import signal
import subprocess
import time
import urllib.parse
import urllib.request

import pytest

from .live_server import clean_environment, fetch, free_port, gunicorn, manage, server_database


def get(url, headers=None):
    """(status, body, headers), without following a redirect."""
    return fetch(url, headers, follow=False)


HTTPS = {"X-Forwarded-Proto": "https"}  # what the TLS-terminating proxy adds (DJANGO_PROXY_COUNT=1)
SECURITY_HEADERS = {
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def production_environment(tmp_path, database, **extra):
    """README.md, "Running in production": the same variables, pointed at this machine."""
    return clean_environment(
        DJANGO_ENV="production",
        DATABASE_URL=database.url,
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_CSRF_TRUSTED_ORIGINS="https://127.0.0.1",
        DJANGO_PROXY_COUNT="1",
        DJANGO_STATICFILES_STORAGE="whitenoise.storage.CompressedManifestStaticFilesStorage",
        DJANGO_STATIC_ROOT=str(tmp_path / "static"),
        **extra,
    )


def set_up(env):
    manage(env, "check", "--deploy", "--fail-level", "WARNING")
    manage(env, "migrate", "-v0")
    manage(env, "createcachetable")
    manage(env, "collectstatic", "--noinput", "-v0")
    manage(env, "load_demo", "-v0")


def test_the_readme_production_steps_serve_every_page_with_its_security_headers(tmp_path):
    with server_database(tmp_path, "production") as database:
        env = production_environment(tmp_path, database)
        set_up(env)
        with gunicorn(env, "--workers", "2") as base:
            pages = ["/en/", "/zh-hans/", "/en/pairs/", "/en/pairs/hubei-ohio/", "/zh-hans/places/cn-hubei/"]
            pages += ["/en/map/", "/en/statistics/", "/en/open-data/", "/en/admin/login/", "/api/pairs"]
            for path in pages:
                status, body, headers = get(base + path, HTTPS)
                assert status == 200, (path, body[:500])
                for name, value in SECURITY_HEADERS.items():
                    assert headers[name] == value, (path, name)
                assert "default-src 'self'" in headers["Content-Security-Policy"], path

            map_page = get(base + "/en/map/", HTTPS)[1]
            assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', map_page)
            assert any(re.search(r"leaflet\.[0-9a-f]{12}\.js$", asset) for asset in assets), assets
            for asset in assets:  # hashed names from the manifest, served by WhiteNoise
                assert get(base + asset, HTTPS)[0] == 200, asset

            status, _, headers = get(base + "/en/", {})  # plain HTTP is sent to HTTPS
            assert status == 301
            assert headers["Location"].startswith("https://")


# --- The cache going away -------------------------------------------------------------------------


class Redis:
    """A Redis server of the test's own, on a free port: stopped (SIGSTOP: it holds its data but
    answers nothing, like a host that went silent) and continued."""

    def __init__(self):
        self.port = free_port()
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        self.url = f"redis://127.0.0.1:{self.port}/0"
        for _ in range(100):
            if (
                subprocess.run(["redis-cli", "-p", str(self.port), "ping"], capture_output=True).returncode
                == 0
            ):
                break
            time.sleep(0.1)

    def pause(self):
        self.process.send_signal(signal.SIGSTOP)

    def resume(self):
        self.process.send_signal(signal.SIGCONT)

    def stop(self):
        self.resume()
        self.process.terminate()
        self.process.wait(timeout=10)


class Staff:
    """A browser session in the admin: cookies, CSRF tokens, forms posted back."""

    def __init__(self, base, username, password):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        login = "/en/admin/login/?next=/en/admin/"
        self.post(login, {"username": username, "password": password}, page=login)

    def token(self, path):
        with self.opener.open(self.base + path, timeout=10) as response:
            return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.read().decode())[1]

    def post(self, path, data, page=None):
        data = {**data, "csrfmiddlewaretoken": self.token(page or path)}
        request = urllib.request.Request(
            self.base + path,
            data=urllib.parse.urlencode(data, doseq=True).encode(),
            headers={"Referer": self.base + (page or path)},
        )
        with self.opener.open(request, timeout=20) as response:
            return response.status, response.read().decode()


@pytest.fixture
def redis():
    server = Redis()
    yield server
    server.stop()


def wait_for(condition, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return False


def test_without_its_cache_the_site_serves_pages_and_saves_and_no_stale_page_survives(tmp_path, redis):
    with server_database(tmp_path, "nocache", prepared="demo") as database:
        password = secrets.token_urlsafe(16)
        env = clean_environment(
            DATABASE_URL=database.url,
            DJANGO_ALLOWED_HOSTS="127.0.0.1",
            CACHE_URL=redis.url,
            DJANGO_SUPERUSER_PASSWORD=password,
        )
        manage(env, "createsuperuser", "--noinput", "--username", "operator", "--email", "op@example.org")
        pk = manage(
            env,
            "shell",
            "-c",
            "from registry.models import Pairing; print(Pairing.objects.get(slug='hubei-ohio').pk)",
        ).stdout.split()[-1]
        with gunicorn(env, log=tmp_path / "gunicorn.log") as base:
            pair = base + "/en/pairs/hubei-ohio/"
            assert get(pair)[0] == 200
            assert get(pair)[2]["X-Page-Cache"] == "hit"
            staff = Staff(base, "operator", password)

            redis.pause()
            for path in [
                "/en/",
                "/zh-hans/pairs/?q=ohio",
                "/en/map/",
                "/api/pairs?q=Ohio",
                "/en/pairs/hubei-ohio/",
            ]:
                assert get(base + path)[0] == 200, path
            status, body = staff.post(
                "/en/admin/registry/pairing/",
                {"action": "unpublish", "_selected_action": pk, "index": "0"},
            )
            assert status == 200, body[:500]  # the changelist again, after the action's redirect
            assert "1 record changed." in body
            assert get(pair)[0] == 404  # rendered from the database

            redis.resume()  # with the page it held before the unpublish

            def cache_back_and_page_gone():
                assert get(pair)[0] == 404  # never the copy Redis still holds
                return get(base + "/en/")[2].get("X-Page-Cache") == "hit"

            assert wait_for(cache_back_and_page_gone)
