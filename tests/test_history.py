"""Every write leaves a history record with its user and time, and any record can be restored."""

import datetime

import pytest
from django.urls import reverse

from registry.models import Pairing

from .factories import CityPairingFactory
from .test_concurrency import change_form_data

pytestmark = pytest.mark.django_db


def test_an_admin_edit_leaves_one_history_record_with_its_user(admin_client, admin_user):
    pairing = CityPairingFactory()
    url = reverse("admin:registry_pairing_change", args=[pairing.pk])
    before = pairing.history.count()
    admin_client.post(url, {**change_form_data(admin_client, url), "status": "active"})
    assert pairing.history.count() == before + 1
    latest = pairing.history.latest()
    assert (latest.history_type, latest.history_user, latest.status) == ("~", admin_user, "active")
    assert latest.history_date is not None


def test_a_bulk_action_leaves_one_history_record_per_changed_row(admin_client, admin_user):
    pairings = CityPairingFactory.create_batch(5, is_published=False)
    CityPairingFactory(is_published=True)
    before = Pairing.history.count()
    admin_client.post(
        reverse("admin:registry_pairing_changelist"),
        {"action": "publish", "_selected_action": [p.pk for p in Pairing.objects.all()]},
    )
    new_rows = Pairing.history.order_by("-history_id")[: Pairing.history.count() - before]
    assert Pairing.history.count() == before + 5  # the already-published one is unchanged
    assert {h.history_user for h in new_rows} == {admin_user}
    assert {h.id for h in new_rows} == {p.pk for p in pairings}


def test_a_deletion_is_kept_in_history(admin_client, admin_user):
    pairing = CityPairingFactory()
    admin_client.post(reverse("admin:registry_pairing_delete", args=[pairing.pk]), {"post": "yes"})
    assert not Pairing.objects.filter(pk=pairing.pk).exists()
    deleted = Pairing.history.filter(id=pairing.pk).latest()
    assert (deleted.history_type, deleted.history_user) == ("-", admin_user)


def test_a_deleted_pairing_can_be_restored_from_history():
    pairing = CityPairingFactory(public_note="keep me")
    pk = pairing.pk
    pairing.delete()
    Pairing.history.filter(id=pk, history_type="-").get().instance.save()
    assert Pairing.objects.get(pk=pk).public_note == "keep me"


def test_an_earlier_version_can_be_restored_in_the_admin(admin_client):
    pairing = CityPairingFactory(status="unknown")
    url = reverse("admin:registry_pairing_change", args=[pairing.pk])
    admin_client.post(url, {**change_form_data(admin_client, url), "status": "active"})
    first = pairing.history.earliest()
    revert_url = reverse("admin:registry_pairing_simple_history", args=[pairing.pk, first.history_id])
    response = admin_client.post(revert_url, change_form_data(admin_client, revert_url))
    assert response.status_code == 302
    assert Pairing.objects.get(pk=pairing.pk).status == "unknown"


def test_the_established_milestone_follows_the_pairing_date_in_the_admin(admin_client):
    pairing = CityPairingFactory(established_on="1983-01-01", established_precision="year")
    url = reverse("admin:registry_pairing_change", args=[pairing.pk])
    form = change_form_data(admin_client, url)
    admin_client.post(url, {**form, "established": "1983-05-02"})
    milestone = pairing.milestones.get(kind="established")
    assert milestone.occurred.isoformat() == "1983-05-02"
    assert milestone.history.latest().history_user.username == "admin"
    admin_client.post(
        url,
        {
            **change_form_data(admin_client, url),
            "established": "1983-05",
        },
    )
    assert list(pairing.milestones.values_list("occurred_on", "occurred_precision")) == [
        (datetime.date(1983, 5, 1), "month")
    ]
