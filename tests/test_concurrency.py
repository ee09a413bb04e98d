"""Two staff members editing the same pairing: the second save is refused, nothing overwritten."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from registry.concurrency import CONFLICT_MESSAGE
from registry.models import Pairing

from .factories import CityPairingFactory, ExchangeActivityFactory
from .helpers import change_form_data

pytestmark = pytest.mark.django_db


def staff_client(username):
    user = get_user_model().objects.create_superuser(username, password="a-long-enough-password-42")
    client = Client()
    client.force_login(user)
    return client


def test_second_save_of_a_stale_form_is_refused():
    pairing = CityPairingFactory(status="unknown", public_note="original")
    url = reverse("admin:registry_pairing_change", args=[pairing.pk])
    alice, bob = staff_client("alice"), staff_client("bob")
    alice_form = change_form_data(alice, url)
    bob_form = change_form_data(bob, url)  # both opened the same version

    response = alice.post(url, {**alice_form, "status": "active"})
    assert response.status_code == 302

    response = bob.post(url, {**bob_form, "public_note": "bob's note"})
    assert response.status_code == 200
    assert str(CONFLICT_MESSAGE) in response.content.decode()
    pairing.refresh_from_db()
    assert (pairing.status, pairing.public_note, pairing.version) == ("active", "original", 2)


def test_saving_a_fresh_form_after_a_conflict_works():
    pairing = CityPairingFactory()
    url = reverse("admin:registry_pairing_change", args=[pairing.pk])
    alice = staff_client("alice")
    alice.post(url, {**change_form_data(alice, url), "status": "active"})
    response = alice.post(url, {**change_form_data(alice, url), "status": "dormant"})
    assert response.status_code == 302
    assert Pairing.objects.get(pk=pairing.pk).status == "dormant"


def test_an_import_that_changes_a_pairing_makes_open_admin_forms_stale(demo_data):
    from registry.imports.service import import_sheet

    from .imports_helpers import data, pair

    hangzhou_boston = pair("cn-zhejiang-hangzhou", "us-massachusetts-boston")
    url = reverse("admin:registry_pairing_change", args=[hangzhou_boston.pk])
    alice = staff_client("alice")
    stale_form = change_form_data(alice, url)
    import_sheet(
        sheet="pairings", data=data("pairings_new.csv"), filename="pairings_new.csv"
    )  # updates this pair
    response = alice.post(url, {**stale_form, "public_note": "overwrite?"})
    assert str(CONFLICT_MESSAGE) in response.content.decode()
    assert Pairing.objects.get(pk=hangzhou_boston.pk).public_note != "overwrite?"


@pytest.mark.parametrize(
    ("factory", "model", "action"),
    [
        (lambda: CityPairingFactory(is_published=False), "pairing", "publish"),
        (lambda: CityPairingFactory(is_published=True), "pairing", "unpublish"),
        (lambda: ExchangeActivityFactory(is_published=False), "exchangeactivity", "publish"),
    ],
)
def test_a_bulk_action_makes_open_forms_stale(factory, model, action):
    record = factory()
    url = reverse(f"admin:registry_{model}_change", args=[record.pk])
    alice, bob = staff_client("alice"), staff_client("bob")
    bob_form = change_form_data(bob, url)  # opened before Alice's action

    alice.post(
        reverse(f"admin:registry_{model}_changelist"), {"action": action, "_selected_action": [record.pk]}
    )
    published = type(record).objects.get(pk=record.pk).is_published
    assert published is (action == "publish")
    assert type(record).objects.get(pk=record.pk).version == record.version + 1

    response = bob.post(url, bob_form)  # unchanged: it would silently undo the action
    assert response.status_code == 200
    assert str(CONFLICT_MESSAGE) in response.content.decode()
    assert type(record).objects.get(pk=record.pk).is_published is published


def test_a_forged_action_selection_is_refused_with_a_message(admin_client):
    pairing = CityPairingFactory(is_published=False)
    response = admin_client.post(
        reverse("admin:registry_pairing_changelist"),
        {"action": "publish", "_selected_action": [pairing.pk, "not-an-id"]},
        follow=True,
    )
    assert response.status_code == 200
    assert "Nothing was changed" in response.content.decode()
    assert Pairing.objects.get(pk=pairing.pk).is_published is False
