"""Module fixtures of the gazetteer tests: the China + US gazetteer, and the demo data reconciled."""

import pytest

from registry.models import GazetteerEntry, Jurisdiction
from registry.places import resolve as resolver
from registry.places.loading import load_gazetteer
from registry.places.reconcile import figures, reconcile_places

from .helpers import delete_registry_rows, load_demo_data, load_once_then_copy, registry_models


@pytest.fixture(scope="module")
def gazetteer(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        # load_gazetteer itself the first time in a test process, a copy of its rows after that.
        report = load_once_then_copy("gazetteer", load_gazetteer, [GazetteerEntry])
        resolver.reset()
    yield report
    with django_db_blocker.unblock():
        GazetteerEntry.objects.update(parent=None)
        GazetteerEntry.objects.all().delete()
        resolver.reset()


@pytest.fixture(scope="module")
def reconciled(gazetteer, demo_data, django_db_blocker):
    """The demo data reconciled: (figures before, outcome counts, figures after). reconcile_places
    itself the first time in a test process; after that a copy of the reconciled rows replaces the
    demo's (load_once_then_copy)."""
    with django_db_blocker.unblock():
        places = [model for model in registry_models() if model is not GazetteerEntry]
        delete_registry_rows(places)  # the demo's rows; the reconciled copy replaces them
        return load_once_then_copy("reconciled demo", _reconcile_the_demo, places)


def _reconcile_the_demo():
    load_demo_data()
    before = figures()
    # A cited position that differs from GeoNames' must survive.
    Jurisdiction.objects.filter(slug="cn-sichuan-chengdu").update(
        latitude="30.000001", longitude="104.000001", coordinates_source="https://example.org/cited"
    )
    outcomes = reconcile_places()
    return before, outcomes, figures()
