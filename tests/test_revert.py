"""History → Revert is a write like any other: it needs change permission, runs in a transaction
(so the version check's row lock works on PostgreSQL), and keeps derived records in step.

The revert tests run with real transactions (`transaction=True`): a test wrapped in one hid that
the view itself ran without, which fails on PostgreSQL for everyone."""

import datetime

import pytest
from django.urls import reverse

from registry.models import Pairing

from .factories import CityPairingFactory
from .helpers import change_form_data, role_client


def revert_url(pairing, record):
    return reverse("admin:registry_pairing_simple_history", args=[pairing.pk, record.history_id])


def edit(client, pairing, **changes):
    url = reverse("admin:registry_pairing_change", args=[pairing.pk])
    response = client.post(url, {**change_form_data(client, url), **changes})
    assert response.status_code == 302, response.content.decode()[:2000]


@pytest.mark.django_db(transaction=True)
def test_a_viewer_can_neither_revert_nor_see_the_revert_button():
    pairing = CityPairingFactory(is_published=True)
    administrator, viewer = role_client("administrator"), role_client("viewer")
    edit(administrator, pairing, is_published="")
    url = revert_url(pairing, pairing.history.earliest())

    page = viewer.get(url)
    assert page.status_code == 200  # the old version may be read…
    assert 'name="_save"' not in page.content.decode()  # …but no Revert button is offered
    form = change_form_data(administrator, url)  # what the viewer would forge
    history_rows = pairing.history.count()

    assert viewer.post(url, form).status_code == 403
    pairing.refresh_from_db()
    assert pairing.is_published is False
    assert pairing.history.count() == history_rows


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("role", ["editor", "administrator"])
def test_a_writer_reverts_in_a_real_transaction(role):
    pairing = CityPairingFactory(status="unknown")
    client = role_client(role)
    edit(client, pairing, status="active")
    url = revert_url(pairing, pairing.history.earliest())
    version = Pairing.objects.get(pk=pairing.pk).version

    response = client.post(url, change_form_data(client, url))

    assert response.status_code == 302
    pairing.refresh_from_db()
    assert pairing.status == "unknown"
    assert pairing.version == version + 1  # a form opened before the revert is now stale
    assert pairing.history.latest().history_user.username == f"{role}-reverter"


@pytest.mark.django_db(transaction=True)
def test_a_revert_moves_the_established_milestone_with_the_date():
    pairing = CityPairingFactory(established_on="1980-06-10", established_precision="day")
    client = role_client("editor")
    edit(client, pairing, established="1980-06", confirm_less_precise="on")
    assert pairing.milestones.get(kind="established").occurred_precision == "month"
    first_dated = pairing.history.filter(established_precision="day").earliest()
    url = revert_url(pairing, first_dated)

    assert client.post(url, change_form_data(client, url)).status_code == 302

    pairing.refresh_from_db()
    assert (pairing.established_on, pairing.established_precision) == (datetime.date(1980, 6, 10), "day")
    assert list(pairing.milestones.values_list("kind", "occurred_on", "occurred_precision")) == [
        ("established", datetime.date(1980, 6, 10), "day")
    ]
