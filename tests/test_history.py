"""Every write leaves a history record with its user and time, and any record can be restored."""

import datetime

import pytest
from django.urls import reverse

from registry.models import Pairing

from .factories import CityPairingFactory
from .helpers import change_form_data

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
            "confirm_less_precise": "on",  # day → month loses the day: confirmed
        },
    )
    assert list(pairing.milestones.values_list("occurred_on", "occurred_precision")) == [
        (datetime.date(1983, 5, 1), "month")
    ]


# --- Links (many-to-many) in history ----------------------------------------------------------


def changed_fields(record):
    """What the latest history row of `record` changed, by django-simple-history's own diff."""
    new, old = record.history.order_by("-history_id")[:2]
    return sorted(new.diff_against(old).changed_fields)


def linked_sources(history_row):
    return sorted(history_row.sources.values_list("source_id", flat=True))


def test_loaded_pairings_carry_their_sources_in_history(demo_data, admin_client):
    pairing = Pairing.objects.get(slug="hubei-ohio")
    assert pairing.sources.exists()
    assert linked_sources(pairing.history.latest()) == sorted(pairing.sources.values_list("pk", flat=True))
    url = reverse("admin:registry_pairing_change", args=[pairing.pk])
    admin_client.post(url, {**change_form_data(admin_client, url), "status": "dormant"})
    assert changed_fields(pairing) == ["status", "version"]  # no "Sources: [] → […]"


def test_a_bulk_action_keeps_the_links_in_history(demo_data, admin_client):
    pairing = Pairing.objects.get(slug="hubei-ohio")
    admin_client.post(
        reverse("admin:registry_pairing_changelist"),
        {"action": "unpublish", "_selected_action": [pairing.pk]},
    )
    assert changed_fields(pairing) == ["is_published", "version"]


def test_an_import_keeps_the_links_in_history(demo_data):
    from registry.imports.service import import_sheet

    from .imports_helpers import data

    import_sheet(sheet="pairings", data=data("pairings_new.csv"), filename="pairings_new.csv")
    imported = Pairing.history.filter(history_change_reason__startswith="import").values_list("id", flat=True)
    assert imported
    for pairing in Pairing.objects.filter(pk__in=imported):
        links = sorted(pairing.sources.values_list("pk", flat=True))
        assert linked_sources(pairing.history.latest()) == links


# --- Dates that would lose precision ------------------------------------------------------------


def test_a_save_that_makes_a_date_less_precise_asks_first(admin_client):
    pairing = CityPairingFactory(established_on="1980-06-10", established_precision="day")
    url = reverse("admin:registry_pairing_change", args=[pairing.pk])
    coarser = {**change_form_data(admin_client, url), "established": "1980-06"}

    refused = admin_client.post(url, coarser)
    assert refused.status_code == 200
    assert "This makes the date less precise: 10 June 1980 → June 1980." in refused.content.decode()
    assert Pairing.objects.get(pk=pairing.pk).established_precision == "day"

    confirmed = admin_client.post(url, {**coarser, "confirm_less_precise": "on"})
    assert confirmed.status_code == 302
    assert Pairing.objects.get(pk=pairing.pk).established_precision == "month"


def test_a_save_that_clears_a_date_asks_first_and_a_more_precise_one_does_not(admin_client):
    pairing = CityPairingFactory(established_on="1980-06-01", established_precision="month")
    url = reverse("admin:registry_pairing_change", args=[pairing.pk])
    form = change_form_data(admin_client, url)
    cleared = admin_client.post(url, {**form, "established": ""})
    assert "June 1980 → no date" in cleared.content.decode()
    finer = admin_client.post(url, {**form, "established": "1980-06-10"})
    assert finer.status_code == 302


def test_the_warning_is_in_chinese_in_the_chinese_admin(admin_client):
    pairing = CityPairingFactory(established_on="1980-06-10", established_precision="day")
    url = reverse("admin:registry_pairing_change", args=[pairing.pk]).replace("/en/", "/zh-hans/")
    response = admin_client.post(url, {**change_form_data(admin_client, url), "established": "1980"})
    assert "日期将变得不够精确" in response.content.decode()


# --- Bulk edit ------------------------------------------------------------------------------------


def test_bulk_edit_sets_status_and_tier_with_history_and_a_version_each(admin_client, admin_user):
    pairings = CityPairingFactory.create_batch(3, status="unknown", tier="sister")
    changelist = reverse("admin:registry_pairing_changelist")
    selected = {"action": "bulk_edit", "_selected_action": [p.pk for p in pairings]}
    form = admin_client.post(changelist, selected)
    assert form.status_code == 200
    assert "3 selected records" in form.content.decode()

    done = admin_client.post(changelist, {**selected, "apply": "1", "status": "active", "tier": "friendship"})
    assert done.status_code == 302
    for pairing in pairings:
        stored = Pairing.objects.get(pk=pairing.pk)
        assert (stored.status, stored.tier, stored.is_published) == (
            "active",
            "friendship",
            pairing.is_published,
        )
        assert stored.version == pairing.version + 1
        latest = stored.history.latest()
        assert (latest.history_user, latest.history_change_reason) == (admin_user, "bulk edit")


def test_bulk_edit_with_every_field_kept_changes_nothing(admin_client):
    pairing = CityPairingFactory(status="unknown")
    changelist = reverse("admin:registry_pairing_changelist")
    response = admin_client.post(
        changelist, {"action": "bulk_edit", "_selected_action": [pairing.pk], "apply": "1"}
    )
    assert response.status_code == 200
    assert "Nothing to change" in response.content.decode()
    assert Pairing.objects.get(pk=pairing.pk).version == pairing.version


def test_a_viewer_cannot_bulk_edit(demo_data):
    from .helpers import role_client

    pairing = Pairing.objects.get(slug="hubei-ohio")
    response = role_client("viewer").post(
        reverse("admin:registry_pairing_changelist"),
        {"action": "bulk_edit", "_selected_action": [pairing.pk], "apply": "1", "status": "ended"},
    )
    assert response.status_code in (200, 302)
    assert Pairing.objects.get(pk=pairing.pk).status == pairing.status
