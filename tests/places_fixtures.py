"""Module fixtures of the gazetteer tests: the China + US gazetteer, and the demo data reconciled."""

import pytest

from registry.models import GazetteerEntry, Jurisdiction
from registry.places import resolve as resolver
from registry.places.loading import load_gazetteer
from registry.places.reconcile import figures, reconcile_places


@pytest.fixture(scope="module")
def gazetteer(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        report = load_gazetteer()
        resolver.reset()
    yield report
    with django_db_blocker.unblock():
        GazetteerEntry.objects.update(parent=None)
        GazetteerEntry.objects.all().delete()
        resolver.reset()


@pytest.fixture(scope="module")
def reconciled(gazetteer, demo_data, django_db_blocker):
    """The demo data reconciled: (figures before, outcome counts, figures after)."""
    with django_db_blocker.unblock():
        before = figures()
        # A cited position that differs from GeoNames' must survive.
        Jurisdiction.objects.filter(slug="cn-sichuan-chengdu").update(
            latitude="30.000001", longitude="104.000001", coordinates_source="https://example.org/cited"
        )
        outcomes = reconcile_places()
        after = figures()
    return before, outcomes, after
