"""factory_boy factories for the registry's models."""

import factory
from factory.django import DjangoModelFactory

from registry.models import (
    Designation,
    ExchangeActivity,
    Jurisdiction,
    Level,
    Milestone,
    Pairing,
    PairingKind,
    Source,
)


class SourceFactory(DjangoModelFactory):
    class Meta:
        model = Source

    url = factory.Sequence(lambda n: f"https://example.org/source/{n}")
    title = factory.Sequence(lambda n: f"Source {n}")


class ProvinceFactory(DjangoModelFactory):
    class Meta:
        model = Jurisdiction

    country = "CN"
    level = Level.PROVINCE
    designation = Designation.PROVINCE
    name_en = factory.Sequence(lambda n: f"Province {n}")
    name_zh = factory.Sequence(lambda n: f"省{n}")
    slug = factory.Sequence(lambda n: f"province-{n}")


class StateFactory(ProvinceFactory):
    country = "US"
    designation = Designation.STATE
    name_en = factory.Sequence(lambda n: f"State {n}")
    name_zh = factory.Sequence(lambda n: f"州{n}")
    slug = factory.Sequence(lambda n: f"state-{n}")


class ChineseCityFactory(DjangoModelFactory):
    class Meta:
        model = Jurisdiction

    country = "CN"
    level = Level.CITY
    designation = Designation.CITY
    parent = factory.SubFactory(ProvinceFactory)
    name_en = factory.Sequence(lambda n: f"City {n}")
    name_zh = factory.Sequence(lambda n: f"城市{n}")
    slug = factory.Sequence(lambda n: f"cn-city-{n}")


class USCityFactory(ChineseCityFactory):
    country = "US"
    parent = factory.SubFactory(StateFactory)
    name_en = factory.Sequence(lambda n: f"Town {n}")
    name_zh = ""
    slug = factory.Sequence(lambda n: f"us-town-{n}")


class CityPairingFactory(DjangoModelFactory):
    class Meta:
        model = Pairing

    side_a = factory.SubFactory(ChineseCityFactory)
    side_b = factory.SubFactory(USCityFactory)
    kind = PairingKind.CITY
    slug = factory.Sequence(lambda n: f"pair-{n}")
    is_published = True


class ProvinceStatePairingFactory(CityPairingFactory):
    side_a = factory.SubFactory(ProvinceFactory)
    side_b = factory.SubFactory(StateFactory)
    kind = PairingKind.PROVINCE_STATE


class MilestoneFactory(DjangoModelFactory):
    class Meta:
        model = Milestone

    pairing = factory.SubFactory(CityPairingFactory)
    kind = "established"


class ExchangeActivityFactory(DjangoModelFactory):
    class Meta:
        model = ExchangeActivity

    category = "trade"
    title_en = factory.Sequence(lambda n: f"Trade mission {n}")
    title_zh = factory.Sequence(lambda n: f"经贸团{n}")
    is_published = True


class SeekingProfileFactory(DjangoModelFactory):
    """A partner-seeking profile: test data only, never a real place's wish."""

    class Meta:
        model = "registry.SeekingProfile"

    place = factory.SubFactory(USCityFactory)
    wanted_countries = ["CN"]
    interests = ["education"]
    profile_en = factory.Sequence(lambda n: f"Test profile {n}.")
    profile_zh = factory.Sequence(lambda n: f"测试简介{n}。")
    is_published = True


class GazetteerEntryFactory(DjangoModelFactory):
    """A gazetteer entry with made-up names, ids and population: test data only."""

    class Meta:
        model = "registry.GazetteerEntry"

    source = "geonames"
    code = factory.Sequence(lambda n: str(990000 + n))
    country = "US"
    level = Level.CITY
    designation = Designation.CITY
    name_en = factory.Sequence(lambda n: f"Gazetteer City {n}")
    geonames_id = factory.LazyAttribute(lambda entry: int(entry.code))


class PlaceMatchFactory(DjangoModelFactory):
    """A registry place linked to a gazetteer entry, as reconcile_places links one."""

    class Meta:
        model = "registry.PlaceMatch"

    jurisdiction = factory.SubFactory(USCityFactory)
    outcome = "matched"
    entry = factory.SubFactory(GazetteerEntryFactory)
