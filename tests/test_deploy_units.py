"""The example systemd units in deploy/: `systemd-analyze verify` accepts them without a single
warning (where systemd-analyze is installed: Debian's `systemd` package), and, always, each unit
has the keys the operator's guide promises (non-root user, settings file, restart, hardening, the
nightly timer) and runs a command that exists in this repository."""

import configparser
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
VENV_BIN = "/srv/registry/.venv/bin"
SERVICES = ["registry-web.service", "registry-worker.service", "registry-backup.service"]
UNITS = [*SERVICES, "registry-backup.timer"]
HARDENING = {
    "NoNewPrivileges": "yes",
    "ProtectSystem": "strict",
    "ProtectHome": "yes",
    "PrivateTmp": "yes",
    "PrivateDevices": "yes",
    "RestrictSUIDSGID": "yes",
    "CapabilityBoundingSet": "",
}


def unit(name):
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read_string((DEPLOY / name).read_text())
    return parser


def test_systemd_analyze_verifies_the_units_without_a_warning(tmp_path):
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        # No systemd here: the key checks below still run; say plainly that verify did not.
        pytest.xfail("systemd-analyze is not installed (Debian package `systemd`); keys checked below")
    # verify checks that ExecStart's program exists: point it at this environment's.
    for name in UNITS:
        text = (DEPLOY / name).read_text().replace(VENV_BIN, str(Path(sys.executable).parent))
        (tmp_path / name).write_text(text)
    result = subprocess.run(
        [analyze, "verify", "--man=no", *(str(tmp_path / name) for name in UNITS)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # systemd ignores a bad line with only a warning: none allowed


def test_systemd_analyze_catches_a_bad_line(tmp_path):
    """The check above can fail: a misspelt value is reported."""
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.xfail("systemd-analyze is not installed")
    text = (DEPLOY / "registry-backup.service").read_text()
    bad = text.replace(VENV_BIN, str(Path(sys.executable).parent)).replace(
        "ProtectSystem=strict", "ProtectSystem=very"
    )
    (tmp_path / "registry-backup.service").write_text(bad)
    result = subprocess.run(
        [analyze, "verify", "--man=no", str(tmp_path / "registry-backup.service")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "ProtectSystem" in result.stderr or "protect system" in result.stderr


@pytest.mark.parametrize("name", SERVICES)
def test_each_service_runs_as_an_unprivileged_user_with_the_settings_file_and_hardening(name):
    service = unit(name)["Service"]
    assert service["User"] == service["Group"] == "registry"
    assert service["EnvironmentFile"] == "/etc/registry/registry.env"
    assert service["WorkingDirectory"] == "/srv/registry"
    for key, value in HARDENING.items():
        assert service[key] == value, key


@pytest.mark.parametrize("name", ["registry-web.service", "registry-worker.service"])
def test_long_running_services_restart_on_failure(name):
    service = unit(name)["Service"]
    assert service["Restart"] == "on-failure"
    assert unit(name)["Install"]["WantedBy"] == "multi-user.target"


def test_the_web_service_runs_gunicorn_with_the_projects_wsgi_and_config():
    service = unit("registry-web.service")["Service"]
    program, wsgi, _flag, config = service["ExecStart"].split()
    assert program == f"{VENV_BIN}/gunicorn"
    assert wsgi == "config.wsgi"
    assert config == "/srv/registry/deploy/gunicorn.conf.py"
    assert (ROOT / "config" / "wsgi.py").exists()
    # gunicorn itself accepts the configuration file.
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
    checked = subprocess.run(
        [gunicorn, "--check-config", "-c", str(DEPLOY / "gunicorn.conf.py"), "config.wsgi"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert checked.returncode == 0, checked.stderr


def test_the_nightly_backup_runs_the_backup_command_with_rotation():
    service = unit("registry-backup.service")["Service"]
    assert service["Type"] == "oneshot"
    program, manage, command, directory, keep, count = service["ExecStart"].split()
    assert (program, manage, command) == (f"{VENV_BIN}/python", "manage.py", "backup_registry")
    assert command in get_commands()
    assert keep == "--keep"
    assert int(count) >= 1
    assert service["ReadWritePaths"] == directory  # the only place it may write

    timer = unit("registry-backup.timer")
    assert timer["Timer"]["OnCalendar"] == "*-*-* 02:30:00"
    assert timer["Timer"]["Persistent"] == "true"
    assert timer["Timer"]["Unit"] == "registry-backup.service"
    assert timer["Install"]["WantedBy"] == "timers.target"


def test_the_settings_example_names_only_settings_the_project_reads():
    settings_text = (ROOT / "config" / "settings.py").read_text()
    gunicorn_text = (DEPLOY / "gunicorn.conf.py").read_text()
    for line in (DEPLOY / "registry.env.example").read_text().splitlines():
        if line and not line.startswith("#"):
            name = line.split("=", 1)[0]
            assert f'"{name}"' in settings_text + gunicorn_text, name


def test_the_worker_runs_the_projects_task_worker_and_owns_the_download_directory():
    service = unit("registry-worker.service")["Service"]
    program, manage, command = service["ExecStart"].split()
    assert (program, manage, command) == (f"{VENV_BIN}/python", "manage.py", "run_worker")
    assert command in get_commands()
    assert service["KillSignal"] == "SIGTERM"  # the worker finishes its current task first
    assert int(service["TimeoutStopSec"]) >= 60
    # ProtectSystem=strict: it may write only its state directory, where the settings point.
    assert service["StateDirectory"] == "registry/opendata"
    env = (DEPLOY / "registry.env.example").read_text()
    assert "REGISTRY_OPENDATA_DIR=/var/lib/registry/opendata" in env.splitlines()
    assert "PLACEHOLDER" not in (DEPLOY / "registry-worker.service").read_text()
