"""/metrics under gunicorn with several workers (deploy/gunicorn.conf.py, PROMETHEUS_MULTIPROC_DIR as
deploy/registry-web.service sets it): the counts of every worker are added up, whichever worker
answers the scrape."""

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from .live_server import ROOT, fetch


@pytest.fixture
def metrics_directory(tmp_path):
    directory = tmp_path / "metrics"
    directory.mkdir()
    return directory


@pytest.fixture
def server_environment(metrics_directory):
    return {"PROMETHEUS_MULTIPROC_DIR": str(metrics_directory)}


@pytest.fixture
def server_options():
    return ["--workers", "2", "--config", str(ROOT / "deploy" / "gunicorn.conf.py")]


def answered_by(directory):
    """The worker processes that have counted something."""
    return {path.stem.rsplit("_", 1)[1] for path in Path(directory).glob("counter_*.db")}


def live_responses(text):
    for family in text_string_to_metric_families(text):
        if family.name == "django_http_responses_total_by_status_view_method":
            for sample in family.samples:
                if sample.name.endswith("_total") and sample.labels["view"] == "health-live":
                    yield sample.value


def test_metrics_add_up_the_counts_of_every_worker(server, metrics_directory):
    sent = 0
    with ThreadPoolExecutor(max_workers=4) as pool:
        for _ in range(50):  # until both workers have answered some requests
            statuses = list(pool.map(lambda _i: fetch(server + "/health/live")[0], range(8)))
            assert statuses == [200] * 8
            sent += 8
            if len(answered_by(metrics_directory)) >= 2:
                break
    assert len(answered_by(metrics_directory)) >= 2, "one worker answered every request"

    status, body, _headers = fetch(server + "/metrics")
    assert status == 200
    assert sum(live_responses(body)) == sent
