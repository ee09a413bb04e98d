import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from registry.models import Designation, Jurisdiction, Level, Pairing, PairingKind, Status
from registry.partial_dates import PartialDate

from .factories import (
    ChineseCityFactory,
    CityPairingFactory,
    ExchangeActivityFactory,
    MilestoneFactory,
    ProvinceFactory,
    ProvinceStatePairingFactory,
    StateFactory,
    USCityFactory,
)

pytestmark = pytest.mark.django_db


def raw_pairing(side_a, side_b, **fields):
    """A pairing written straight through the ORM, bypassing forms and clean()."""
    fields.setdefault("slug", f"raw-{side_a.pk}-{side_b.pk}")
    fields.setdefault("kind", PairingKind.CITY)
    with transaction.atomic():
        return Pairing.objects.create(side_a=side_a, side_b=side_b, **fields)


# --- Database constraints (hold for raw ORM writes) ------------------------------------------


def test_reversed_pair_is_refused_by_the_database():
    pairing = CityPairingFactory()
    with pytest.raises(IntegrityError):
        raw_pairing(pairing.side_b, pairing.side_a)


def test_same_pair_twice_is_refused_by_the_database():
    pairing = CityPairingFactory()
    with pytest.raises(IntegrityError):
        raw_pairing(pairing.side_a, pairing.side_b, slug="another-slug")


def test_self_pairing_is_refused_by_the_database():
    city = ChineseCityFactory()
    with pytest.raises(IntegrityError):
        raw_pairing(city, city)


@pytest.mark.parametrize(("field", "value"), [("kind", "town"), ("tier", "cousin"), ("status", "alive")])
def test_unknown_choice_is_refused_by_the_database(field, value):
    with pytest.raises(IntegrityError):
        raw_pairing(ChineseCityFactory(), USCityFactory(), **{field: value})


def test_ended_before_established_is_refused_by_the_database():
    with pytest.raises(IntegrityError):
        raw_pairing(
            ChineseCityFactory(),
            USCityFactory(),
            established_on=datetime.date(1990, 1, 1),
            established_precision="year",
            ended_on=datetime.date(1985, 1, 1),
            ended_precision="year",
            status=Status.ENDED,
        )


@pytest.mark.parametrize(
    "fields",
    [
        {"established_on": datetime.date(1990, 1, 1)},  # a date without its precision
        {"established_precision": "year"},  # a precision without a date
        {"established_on": datetime.date(1990, 1, 1), "established_precision": "week"},
    ],
)
def test_partial_date_pair_is_checked_by_the_database(fields):
    with pytest.raises(IntegrityError):
        raw_pairing(ChineseCityFactory(), USCityFactory(), **fields)


def test_unknown_level_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        Jurisdiction.objects.create(country="CN", level="village", designation="city", name_en="X", slug="x")


def test_duplicate_iso_code_is_refused_by_the_database():
    ProvinceFactory(iso_3166_2="CN-HB")
    with pytest.raises(IntegrityError), transaction.atomic():
        ProvinceFactory(iso_3166_2="CN-HB")


def test_places_without_iso_code_do_not_clash():
    ProvinceFactory(iso_3166_2="")
    ProvinceFactory(iso_3166_2="")
    assert Jurisdiction.objects.filter(iso_3166_2="").count() == 2


def test_half_coordinates_are_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        ProvinceFactory(latitude=30)


def test_constraint_violation_message_is_human():
    pairing = CityPairingFactory()
    reversed_pair = Pairing(side_a=pairing.side_b, side_b=pairing.side_a, slug="x", kind=PairingKind.CITY)
    with pytest.raises(ValidationError) as excinfo:
        reversed_pair.validate_constraints()
    assert excinfo.value.messages == ["These two places are already paired (in one order or the other)."]


# --- clean(): rules that span relations -------------------------------------------------------


def test_sides_in_the_same_country_are_rejected():
    pairing = Pairing(
        side_a=ChineseCityFactory(), side_b=ChineseCityFactory(), kind=PairingKind.CITY, slug="s"
    )
    with pytest.raises(ValidationError) as excinfo:
        pairing.full_clean()
    assert excinfo.value.message_dict["side_b"] == ["The two sides must be in different countries."]


def test_province_state_pair_needs_two_province_level_sides():
    pairing = Pairing(
        side_a=ProvinceFactory(), side_b=USCityFactory(), kind=PairingKind.PROVINCE_STATE, slug="s"
    )
    with pytest.raises(ValidationError) as excinfo:
        pairing.full_clean()
    assert "kind" in excinfo.value.message_dict


def test_city_pair_rejects_an_ordinary_province():
    pairing = Pairing(side_a=ProvinceFactory(), side_b=USCityFactory(), kind=PairingKind.CITY, slug="s")
    with pytest.raises(ValidationError) as excinfo:
        pairing.full_clean()
    assert "only a municipality or federal district" in excinfo.value.message_dict["kind"][0]


def test_city_pair_accepts_a_municipality_and_a_federal_district():
    beijing = ProvinceFactory(designation=Designation.MUNICIPALITY, name_en="Beijing")
    washington = StateFactory(designation=Designation.FEDERAL_DISTRICT, name_en="Washington, D.C.")
    Pairing(side_a=beijing, side_b=washington, kind=PairingKind.CITY, slug="s").full_clean()


def test_city_pair_accepts_a_county():
    county = USCityFactory(level=Level.COUNTY, designation=Designation.COUNTY)
    Pairing(side_a=ChineseCityFactory(), side_b=county, kind=PairingKind.CITY, slug="s").full_clean()


def test_clean_rejects_ended_status_without_end_date():
    pairing = CityPairingFactory.build(
        side_a=ChineseCityFactory(), side_b=USCityFactory(), status=Status.ENDED
    )
    with pytest.raises(ValidationError) as excinfo:
        pairing.full_clean()
    assert "ended_on" in excinfo.value.message_dict


def test_clean_rejects_future_establishment():
    pairing = CityPairingFactory.build(
        side_a=ChineseCityFactory(),
        side_b=USCityFactory(),
        established_on=datetime.date.today() + datetime.timedelta(days=400),
        established_precision="year",
    )
    with pytest.raises(ValidationError) as excinfo:
        pairing.full_clean()
    assert excinfo.value.message_dict["established_on"] == ["The date is in the future."]


def test_clean_normalises_a_year_precision_date():
    pairing = CityPairingFactory.build(
        side_a=ChineseCityFactory(),
        side_b=USCityFactory(),
        established_on=datetime.date(1983, 7, 9),
        established_precision="year",
    )
    pairing.full_clean()
    assert pairing.established_on == datetime.date(1983, 1, 1)


def test_city_parent_must_be_in_the_same_country():
    city = ChineseCityFactory.build(parent=StateFactory(), slug="c")
    with pytest.raises(ValidationError) as excinfo:
        city.full_clean()
    assert excinfo.value.message_dict["parent"] == ["The parent must be in the same country."]


def test_milestone_acting_side_must_be_a_side_of_the_pairing():
    milestone = MilestoneFactory.build(pairing=CityPairingFactory(), acting_side=ChineseCityFactory())
    with pytest.raises(ValidationError) as excinfo:
        milestone.full_clean()
    assert "acting_side" in excinfo.value.message_dict


def test_partial_date_attribute_reads_and_writes_both_columns():
    pairing = CityPairingFactory()
    pairing.established = PartialDate.parse_iso("1983-05")
    assert (pairing.established_on, pairing.established_precision) == (
        datetime.date(1983, 5, 1),
        "month",
    )
    pairing.save()
    pairing.refresh_from_db()
    assert pairing.established.isoformat() == "1983-05"


# --- Protection and history -------------------------------------------------------------------


def test_deleting_a_paired_place_is_refused():
    pairing = CityPairingFactory()
    with pytest.raises(ProtectedError):
        pairing.side_a.delete()
    assert Jurisdiction.objects.filter(pk=pairing.side_a.pk).exists()


def test_deleting_a_province_with_cities_is_refused():
    city = ChineseCityFactory()
    with pytest.raises(ProtectedError):
        city.parent.delete()


def test_deleting_a_pairing_keeps_its_places_and_takes_its_milestones():
    milestone = MilestoneFactory()
    pairing = milestone.pairing
    pairing.delete()
    assert Jurisdiction.objects.filter(pk__in=[pairing.side_a_id, pairing.side_b_id]).count() == 2
    assert not type(milestone).objects.filter(pk=milestone.pk).exists()


def test_every_change_is_kept_in_history_and_can_be_reverted():
    pairing = ProvinceStatePairingFactory(status=Status.UNKNOWN)
    pairing.status = Status.ACTIVE
    pairing.save()
    assert [h.status for h in pairing.history.order_by("history_date")] == ["unknown", "active"]
    pairing.history.earliest().instance.save()
    pairing.refresh_from_db()
    assert pairing.status == Status.UNKNOWN


def test_activity_links_to_many_pairings():
    activity = ExchangeActivityFactory()
    pairings = CityPairingFactory.create_batch(3)
    activity.pairings.set(pairings)
    assert set(activity.pairings.all()) == set(pairings)
    assert activity.history.count() >= 1
