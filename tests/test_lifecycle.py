"""A pair's status, tier and end date follow from its milestones (registry/lifecycle.py): each
transition, and each write path that must derive them (admin pair form with its milestone
inline, milestone admin, bulk edit, revert, the seeking service, refresh in bulk)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from registry.lifecycle import derive_lifecycle, refresh_lifecycle
from registry.models import Milestone, Pairing
from registry.page_cache import current_generation
from registry.partial_dates import PartialDate

from .factories import CityPairingFactory, MilestoneFactory
from .helpers import change_form_data

pytestmark = pytest.mark.django_db


def step(kind, date, *, tier="", pk=None):
    """An unsaved milestone: `date` is "2016", "2016-05" or "2016-05-02"."""
    milestone = Milestone(kind=kind, tier=tier, pk=pk)
    milestone.occurred = PartialDate.parse_iso(date) if date else None
    return milestone


def derived(status="unknown", tier="sister", steps=()):
    return derive_lifecycle(Pairing(status=status, tier=tier), steps)


# --- Transitions --------------------------------------------------------------------------


def test_without_steps_the_assessed_status_and_tier_are_kept():
    result = derived("active", "friendship")
    assert (result.status, result.tier, result.ended) == ("active", "friendship", None)


@pytest.mark.parametrize("stale", ["suspended", "ended"])
def test_a_suspended_or_ended_status_without_its_milestone_falls_back_to_unknown(stale):
    assert derived(stale).status == "unknown"


def test_a_suspension_suspends():
    result = derived("active", steps=[step("suspended", "2016")])
    assert (result.status, result.status_milestone.kind) == ("suspended", "suspended")


def test_a_resumption_after_a_suspension_makes_the_pair_active():
    result = derived("suspended", steps=[step("suspended", "2016"), step("resumed", "2024-12")])
    assert (result.status, result.status_milestone.kind) == ("active", "resumed")


def test_a_resumption_keeps_a_later_dormant_assessment():
    assert derived("dormant", steps=[step("resumed", "2001")]).status == "dormant"


def test_an_end_ends_with_its_date():
    result = derived("active", steps=[step("established", "1994"), step("ended", "2025-07")])
    assert (result.status, result.ended.isoformat()) == ("ended", "2025-07")


def test_a_resumption_after_an_end_clears_the_end_date():
    result = derived("ended", steps=[step("ended", "1989"), step("resumed", "1995")])
    assert (result.status, result.ended) == ("active", None)


def test_a_renewal_does_not_change_the_status():
    assert derived("unknown", steps=[step("renewed", "2009")]).status == "unknown"
    assert (
        derived("suspended", steps=[step("suspended", "2016"), step("renewed", "2020")]).status == "suspended"
    )


def test_a_reclassification_changes_the_tier_and_not_the_status():
    result = derived("active", "sister", [step("reclassified", "2025", tier="friendship")])
    assert (result.status, result.tier, result.tier_milestone.kind) == (
        "active",
        "friendship",
        "reclassified",
    )


def test_the_latest_reclassification_wins_whatever_the_order_given():
    steps = [step("reclassified", "2024", tier="sister"), step("reclassified", "2013", tier="friendship")]
    assert derived("unknown", "other", steps).tier == "sister"


def test_steps_on_the_same_date_are_taken_in_lifecycle_order():
    # Suspended and resumed on the same day: resumed is the later step.
    steps = [step("resumed", "2020"), step("suspended", "2020")]
    assert derived("unknown", steps=steps).status == "active"


def test_an_undated_step_cannot_be_placed_and_is_left_out():
    assert derived("active", steps=[step("ended", "")]).status == "active"


# --- Model rules --------------------------------------------------------------------------


def test_a_reclassification_needs_its_new_tier():
    milestone = MilestoneFactory.build(pairing=CityPairingFactory(), kind="reclassified")
    milestone.occurred = PartialDate.parse_iso("2025")
    with pytest.raises(ValidationError) as excinfo:
        milestone.full_clean()
    assert "tier" in excinfo.value.message_dict


def test_only_a_reclassification_has_a_new_tier():
    milestone = MilestoneFactory.build(pairing=CityPairingFactory(), kind="renewed", tier="friendship")
    milestone.occurred = PartialDate.parse_iso("2009")
    with pytest.raises(ValidationError) as excinfo:
        milestone.full_clean()
    assert "tier" in excinfo.value.message_dict


@pytest.mark.parametrize("kind", ["renewed", "reclassified", "suspended", "resumed", "ended"])
def test_a_step_that_changes_the_standing_needs_a_date(kind):
    milestone = MilestoneFactory.build(
        pairing=CityPairingFactory(), kind=kind, tier="friendship" if kind == "reclassified" else ""
    )
    with pytest.raises(ValidationError) as excinfo:
        milestone.full_clean()
    assert "occurred_on" in excinfo.value.message_dict


def test_a_step_before_the_establishment_is_refused():
    pairing = CityPairingFactory(established_on=datetime.date(1994, 1, 1), established_precision="year")
    milestone = MilestoneFactory.build(pairing=pairing, kind="ended")
    milestone.occurred = PartialDate.parse_iso("1990")
    with pytest.raises(ValidationError) as excinfo:
        milestone.full_clean()
    assert "before the pair was established" in str(excinfo.value)


def test_the_database_refuses_a_tier_on_another_kind():
    with pytest.raises(IntegrityError), transaction.atomic():
        MilestoneFactory(
            kind="renewed",
            tier="friendship",
            occurred_on=datetime.date(2009, 1, 1),
            occurred_precision="year",
        )


def test_the_database_refuses_an_unknown_basis():
    with pytest.raises(IntegrityError), transaction.atomic():
        MilestoneFactory(basis="rumour")
    with pytest.raises(IntegrityError), transaction.atomic():
        CityPairingFactory(established_basis="signed in Wuhan")


# --- refresh_lifecycle, in bulk -----------------------------------------------------------


def dated(pairing, kind, date, **fields):
    milestone = MilestoneFactory(pairing=pairing, kind=kind, **fields)
    milestone.occurred = PartialDate.parse_iso(date)
    milestone.save()
    return milestone


def test_refresh_derives_and_saves_only_the_pairs_that_change_with_history(
    django_assert_num_queries, admin_user
):
    ended, reclassified, untouched = (
        CityPairingFactory(),
        CityPairingFactory(),
        CityPairingFactory(status="active"),
    )
    dated(ended, "ended", "2019-03")
    dated(reclassified, "reclassified", "2025", tier="friendship")
    versions = {p.pk: p.version for p in (ended, reclassified, untouched)}
    changed = refresh_lifecycle([ended, reclassified, untouched], user=admin_user, reason="test")
    assert sorted(p.pk for p in changed) == sorted([ended.pk, reclassified.pk])
    ended.refresh_from_db()
    reclassified.refresh_from_db()
    untouched.refresh_from_db()
    assert (ended.status, ended.ended.isoformat()) == ("ended", "2019-03")
    assert reclassified.tier == "friendship"
    assert untouched.version == versions[untouched.pk]
    assert ended.version == versions[ended.pk] + 1
    latest = ended.history.first()
    assert (latest.history_user, latest.history_change_reason, latest.status) == (
        admin_user,
        "test: ended 2019-03",
        "ended",
    )
    assert reclassified.history.first().history_change_reason == "test: reclassified 2025"
    # Nothing left to change: a second refresh writes nothing.
    assert refresh_lifecycle([ended, reclassified, untouched]) == []


@pytest.mark.parametrize("pairs", [1, 20])
def test_refresh_takes_the_same_queries_for_one_pair_or_many(django_assert_num_queries, pairs):
    pairings = [CityPairingFactory() for _ in range(pairs)]
    for pairing in pairings:
        dated(pairing, "suspended", "2016")
    # Lock the pairs, read the established milestones, read all milestones, one bulk update,
    # one history insert, the history links (record_links) and the savepoints.
    with django_assert_num_queries(9):
        refresh_lifecycle(pairings)
    assert set(Pairing.objects.values_list("status", flat=True)) == {"suspended"}


def test_the_seeking_service_derives_the_new_pair(admin_user):
    from registry.seeking.matches import pair_match

    from .factories import SeekingProfileFactory

    first = SeekingProfileFactory()
    second = SeekingProfileFactory(place=CityPairingFactory().side_a, wanted_countries=["US"])
    pairing = pair_match(first=first, second=second)
    assert pairing.milestones.get().kind == "intent_signed"
    assert Pairing.objects.get(pk=pairing.pk).status == "unknown"


@pytest.mark.django_db(transaction=True)
def test_refresh_commits_and_stales_the_public_pages_only_on_commit():
    pairing = CityPairingFactory()
    dated(pairing, "ended", "2020")
    before = current_generation()

    def refresh_then_fail():
        with transaction.atomic():
            refresh_lifecycle([pairing])
            raise RuntimeError  # rolled back: nothing written

    with pytest.raises(RuntimeError):
        refresh_then_fail()
    assert Pairing.objects.get(pk=pairing.pk).status == "unknown"
    refresh_lifecycle([pairing])
    assert Pairing.objects.get(pk=pairing.pk).status == "ended"
    assert current_generation() != before


# --- The admin: every write path, by POST -------------------------------------------------


def pairing_url(pairing):
    return reverse("admin:registry_pairing_change", args=[pairing.pk])


def with_new_milestone(data, index, **fields):
    """Add an inline milestone form to posted change-form data."""
    total = int(data["milestones-TOTAL_FORMS"])
    assert index == total
    data["milestones-TOTAL_FORMS"] = total + 1
    for name, value in {
        "kind": "",
        "occurred": "",
        "basis": "",
        "tier": "",
        "description": "",
        **fields,
    }.items():
        data[f"milestones-{index}-{name}"] = value
    data[f"milestones-{index}-pairing"] = data.get("id", "")
    return data


def test_the_admin_ends_a_pair_by_its_ended_milestone(admin_client):
    pairing = CityPairingFactory(status="active")
    data = with_new_milestone(
        change_form_data(admin_client, pairing_url(pairing)),
        0,
        kind="ended",
        occurred="2025-07",
        basis="council_resolution",
    )
    response = admin_client.post(pairing_url(pairing), data)
    assert response.status_code == 302, response.context["errors"]
    pairing.refresh_from_db()
    assert (pairing.status, pairing.ended.isoformat()) == ("ended", "2025-07")
    assert pairing.milestones.get(kind="ended").basis == "council_resolution"


def test_the_admin_reclassifies_a_pair_and_its_history_says_when(admin_client):
    pairing = CityPairingFactory()
    data = with_new_milestone(
        change_form_data(admin_client, pairing_url(pairing)),
        0,
        kind="reclassified",
        occurred="2025",
        tier="friendship",
    )
    assert admin_client.post(pairing_url(pairing), data).status_code == 302
    pairing.refresh_from_db()
    assert (pairing.tier, pairing.status) == ("friendship", "unknown")
    assert [h.tier for h in pairing.history.order_by("history_date")][-1] == "friendship"
    assert pairing.milestones.get(kind="reclassified").occurred.isoformat() == "2025"


def test_the_admin_refuses_a_status_that_the_milestones_contradict(admin_client):
    pairing = CityPairingFactory()
    dated(pairing, "ended", "2020")
    refresh_lifecycle([pairing])
    data = {**change_form_data(admin_client, pairing_url(pairing)), "status": "active"}
    response = admin_client.post(pairing_url(pairing), data)
    assert response.status_code == 200
    errors = " ".join(str(e) for e in response.context["inline_admin_formsets"][0].formset.non_form_errors())
    assert "not what the milestones give (ended)" in errors
    assert Pairing.objects.get(pk=pairing.pk).status == "ended"


def test_the_admin_offers_no_suspended_or_ended_status_to_choose(admin_client):
    pairing = CityPairingFactory()
    response = admin_client.post(
        pairing_url(pairing), {**change_form_data(admin_client, pairing_url(pairing)), "status": "ended"}
    )
    assert response.status_code == 200
    assert "status" in response.context["adminform"].form.errors
    assert Pairing.objects.get(pk=pairing.pk).status == "unknown"


def test_the_admin_refuses_a_tier_that_the_latest_reclassification_contradicts(admin_client):
    pairing = CityPairingFactory()
    dated(pairing, "reclassified", "2025", tier="friendship")
    refresh_lifecycle([pairing])
    data = {**change_form_data(admin_client, pairing_url(pairing)), "tier": "sister"}
    response = admin_client.post(pairing_url(pairing), data)
    assert response.status_code == 200
    assert Pairing.objects.get(pk=pairing.pk).tier == "friendship"


def test_the_admin_resumes_an_ended_pair_by_a_resumed_milestone(admin_client):
    pairing = CityPairingFactory()
    dated(pairing, "ended", "2019")
    refresh_lifecycle([pairing])
    data = with_new_milestone(
        change_form_data(admin_client, pairing_url(pairing)), 1, kind="resumed", occurred="2023"
    )
    assert admin_client.post(pairing_url(pairing), data).status_code == 302
    pairing.refresh_from_db()
    assert (pairing.status, pairing.ended) == ("active", None)


def test_deleting_the_ended_milestone_inline_takes_the_end_away(admin_client):
    pairing = CityPairingFactory()
    dated(pairing, "ended", "2019")
    refresh_lifecycle([pairing])
    data = {**change_form_data(admin_client, pairing_url(pairing)), "milestones-0-DELETE": "on"}
    assert admin_client.post(pairing_url(pairing), data).status_code == 302
    pairing.refresh_from_db()
    assert (pairing.status, pairing.ended) == ("unknown", None)


def test_the_milestone_admin_suspends_and_its_delete_lifts_the_suspension(admin_client):
    pairing = CityPairingFactory(status="active")
    response = admin_client.post(
        reverse("admin:registry_milestone_add"),
        {"pairing": pairing.pk, "kind": "suspended", "occurred": "2016", "basis": "reported", "tier": ""},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    pairing.refresh_from_db()
    assert pairing.status == "suspended"
    milestone = pairing.milestones.get()
    response = admin_client.post(
        reverse("admin:registry_milestone_delete", args=[milestone.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert Pairing.objects.get(pk=pairing.pk).status == "unknown"


def test_the_milestone_admin_refuses_a_reclassification_without_its_tier(admin_client):
    pairing = CityPairingFactory()
    response = admin_client.post(
        reverse("admin:registry_milestone_add"),
        {"pairing": pairing.pk, "kind": "reclassified", "occurred": "2025"},
    )
    assert response.status_code == 200
    assert "tier" in response.context["adminform"].form.errors
    assert not Milestone.objects.exists()


def test_bulk_edit_cannot_override_a_reclassified_tier(admin_client):
    reclassified, plain = CityPairingFactory(), CityPairingFactory()
    dated(reclassified, "reclassified", "2025", tier="friendship")
    refresh_lifecycle([reclassified])
    response = admin_client.post(
        reverse("admin:registry_pairing_changelist"),
        {
            "action": "bulk_edit",
            "_selected_action": [reclassified.pk, plain.pk],
            "apply": "1",
            "tier": "other",
        },
    )
    assert response.status_code == 302
    assert Pairing.objects.get(pk=reclassified.pk).tier == "friendship"
    assert Pairing.objects.get(pk=plain.pk).tier == "other"


def test_bulk_edit_offers_only_the_statuses_staff_assess(admin_client):
    pairing = CityPairingFactory()
    response = admin_client.post(
        reverse("admin:registry_pairing_changelist"),
        {"action": "bulk_edit", "_selected_action": [pairing.pk], "apply": "1", "status": "ended"},
    )
    assert response.status_code == 200
    assert "status" in response.context["form"].errors
    assert Pairing.objects.get(pk=pairing.pk).status == "unknown"


def test_a_revert_gives_way_to_the_milestones_as_they_are_now(admin_client):
    pairing = CityPairingFactory(status="active")
    pairing.history.all().delete()
    pairing.save()  # the version to revert to: active
    old = pairing.history.first()
    dated(pairing, "ended", "2020")
    refresh_lifecycle([pairing])
    url = reverse("admin:registry_pairing_simple_history", args=[pairing.pk, old.history_id])
    response = admin_client.post(url, change_form_data(admin_client, url))
    assert response.status_code == 302
    pairing.refresh_from_db()
    assert (pairing.status, pairing.ended.isoformat()) == ("ended", "2020")


def test_an_undated_ended_milestone_is_refused_in_the_inline(admin_client):
    pairing = CityPairingFactory()
    data = with_new_milestone(change_form_data(admin_client, pairing_url(pairing)), 0, kind="ended")
    response = admin_client.post(pairing_url(pairing), data)
    assert response.status_code == 200
    assert not Milestone.objects.exists()


def test_an_end_typed_on_the_pair_becomes_its_milestone_for_the_import(admin_user):
    # The spreadsheet import writes `status` and `ended` columns directly: with typed_ends the
    # end is kept, as an "ended" milestone, instead of being dropped for lack of one.
    typed = CityPairingFactory(status="ended", ended_on=datetime.date(2019, 1, 1), ended_precision="year")
    assert refresh_lifecycle([typed], user=admin_user, reason="import x.csv", typed_ends=True) == []
    milestone = typed.milestones.get(kind="ended")
    assert milestone.occurred.isoformat() == "2019"
    assert milestone.history.get().history_change_reason == "import x.csv"
    typed.refresh_from_db()
    assert (typed.status, typed.ended.isoformat()) == ("ended", "2019")


def test_without_typed_ends_an_end_without_its_milestone_is_not_kept():
    typed = CityPairingFactory(status="ended", ended_on=datetime.date(2019, 1, 1), ended_precision="year")
    refresh_lifecycle([typed])
    typed.refresh_from_db()
    assert (typed.status, typed.ended) == ("unknown", None)
    assert not typed.milestones.exists()


def test_the_admin_edits_the_basis_of_the_established_date_from_the_fixed_vocabulary(admin_client):
    pairing = CityPairingFactory(established_on=datetime.date(1979, 10, 31), established_precision="day")
    data = {**change_form_data(admin_client, pairing_url(pairing)), "established_basis": "council_resolution"}
    assert admin_client.post(pairing_url(pairing), data).status_code == 302
    assert Pairing.objects.get(pk=pairing.pk).established_basis == "council_resolution"
    data = {**change_form_data(admin_client, pairing_url(pairing)), "established_basis": "signed in Wuhan"}
    response = admin_client.post(pairing_url(pairing), data)
    assert response.status_code == 200
    assert "established_basis" in response.context["adminform"].form.errors


@pytest.mark.django_db(transaction=True)
def test_an_import_derives_the_lifecycle_and_keeps_a_typed_end_as_its_milestone():
    """The import (committed, as production runs it) goes through refresh_lifecycle: an end typed
    in the file becomes the pair's "ended" milestone, citing the import, and the status follows."""
    from registry.imports.service import import_sheet

    from .factories import ProvinceStatePairingFactory

    pairing = ProvinceStatePairingFactory(side_a__name_en="Lifecycleshire", side_b__name_en="Endstate")
    file = (
        b"side_a_country,side_a_province,side_a_city,side_b_country,side_b_province,side_b_city,"
        b"kind,tier,established,status,ended,source_url,notes\n"
        b"CN,Lifecycleshire,,US,Endstate,,province_state,sister,1990,ended,2019,https://example.org/end,\n"
    )
    plan = import_sheet(sheet="pairings", data=file, filename="ends.csv")
    assert not plan.has_errors
    pairing.refresh_from_db()
    assert (pairing.status, pairing.ended.isoformat()) == ("ended", "2019")
    ended = pairing.milestones.get(kind="ended")
    assert ended.occurred.isoformat() == "2019"
    assert "ends.csv" in ended.history.get().history_change_reason
    assert pairing.milestones.get(kind="established").occurred.isoformat() == "1990"


@pytest.mark.django_db(transaction=True)
def test_new_pairs_of_an_import_get_their_milestones_without_being_asked_about():
    """Pairs the import creates have no milestones yet: their "established" and typed "ended"
    milestones are written and the lifecycle derived from those, with no query for milestones
    they cannot have (at 10,000 new pairs, two queries naming 10,000 pairs each)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from registry.imports.service import import_sheet

    from .factories import ProvinceFactory, StateFactory

    ProvinceFactory(name_en="Newshire")
    StateFactory(name_en="Freshstate")
    StateFactory(name_en="Otherstate")
    file = (
        b"side_a_country,side_a_province,side_a_city,side_b_country,side_b_province,side_b_city,"
        b"kind,tier,established,status,ended,source_url,notes\n"
        b"CN,Newshire,,US,Freshstate,,province_state,sister,1990,ended,2019,,\n"
        b"CN,Newshire,,US,Otherstate,,province_state,sister,1995-05,active,,,\n"
    )
    with CaptureQueriesContext(connection) as queries:
        plan = import_sheet(sheet="pairings", data=file, filename="new-ends.csv")
    assert plan.counts()["new"] == 2
    ended = Pairing.objects.get(side_b__name_en="Freshstate")
    assert (ended.status, ended.ended.isoformat()) == ("ended", "2019")
    assert sorted(ended.milestones.values_list("kind", flat=True)) == ["ended", "established"]
    assert "new-ends.csv" in ended.milestones.get(kind="ended").history.get().history_change_reason
    active = Pairing.objects.get(side_b__name_en="Otherstate")
    assert (active.status, active.milestones.get().occurred.isoformat()) == ("active", "1995-05")
    milestone_reads = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith("SELECT") and "registry_milestone" in q["sql"]
    ]
    assert milestone_reads == []
