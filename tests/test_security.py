"""Production settings, security headers, login throttling, sessions and the admin's address."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "a-long-enough-password-42"

EXPECTED_HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def manage(*args, **env):
    """Run manage.py in a fresh process with these environment variables (settings read at start)."""
    clean_env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean_env, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION_ENV = {
    "DJANGO_ENV": "production",
    "DJANGO_SECRET_KEY": "x" * 20 + "-a-production-secret-key-with-enough-entropy-0123456789",
    "DJANGO_ALLOWED_HOSTS": "registry.example.org",
}


def test_check_deploy_passes_under_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    # Only HSTS preload is silenced (see the reason in config/settings.py).
    assert "System check identified no issues (1 silenced)." in result.stdout


def test_development_settings_fail_check_deploy():
    result = manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "security.W009" in result.stderr  # the insecure fallback secret key


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_SECRET_KEY"}
    result = manage("check", **env)
    assert result.returncode != 0
    assert "DJANGO_ENV=production needs DJANGO_SECRET_KEY" in result.stderr


def test_admin_address_comes_from_the_environment():
    result = manage(
        "shell",
        "-c",
        "from django.urls import reverse; print(reverse('admin:index'))",
        DJANGO_ADMIN_URL="staff-7f3a/",
    )
    assert result.stdout.strip().splitlines()[-1] == "/en/staff-7f3a/"


def assert_security_headers(response):
    for header, value in EXPECTED_HEADERS.items():
        assert response.headers.get(header) == value, header
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/en/", "/zh-hans/", "/en/no-such-page/"])
def test_public_pages_and_404_carry_security_headers(client, url):
    assert_security_headers(client.get(url))


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/en/admin/", "/en/admin/registry/pairing/", "/en/admin/login/"])
def test_admin_pages_carry_security_headers(admin_client, url):
    assert_security_headers(admin_client.get(url))


@pytest.mark.django_db
@pytest.mark.urls("tests.urls_with_error")
def test_500_carries_security_headers(client):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    assert_security_headers(response)


@pytest.fixture
def staff_user(db):
    return get_user_model().objects.create_user("editor1", password=PASSWORD, is_staff=True)


def login(client, password, address="203.0.113.5"):
    return client.post(
        "/en/admin/login/?next=/en/admin/",
        {"username": "editor1", "password": password},
        REMOTE_ADDR=address,
    )


def test_login_is_locked_after_repeated_failures_for_that_user_and_address(client, staff_user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "wrong").status_code == 200  # the form again, with an error
    assert login(client, "wrong").status_code == 429  # the last allowed failure locks
    locked = login(client, PASSWORD)
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    # The same user from another address is not locked out by someone else's failures.
    assert login(client, PASSWORD, address="198.51.100.7").status_code == 302


def test_a_successful_login_resets_the_failure_count(client, staff_user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, "wrong")
    assert login(client, PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, "wrong")
    assert login(client, PASSWORD).status_code == 302


def test_staff_sessions_expire(client, staff_user):
    assert login(client, PASSWORD).status_code == 302
    assert client.session.get_expire_at_browser_close() is True
    assert client.session.get_expiry_age() == 8 * 60 * 60


@pytest.mark.django_db
def test_short_and_common_passwords_are_refused():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ("short1", "password123456", "12345678901234"):
        with pytest.raises(ValidationError):
            validate_password(weak)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/x", ""])
def test_a_login_whose_next_is_refused_lands_on_the_admin_index(client, staff_user, language, next_url):
    response = client.post(
        f"/{language}/admin/login/?next={next_url}",
        {"username": "editor1", "password": PASSWORD},
        REMOTE_ADDR="203.0.113.9",
    )
    assert response.status_code == 302
    assert response["Location"] == f"/{language}/admin/"
