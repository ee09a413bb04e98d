"""Suggested partners: the ranking rules, their reasons and their order on a small world, the
exclusion of current partners, and a query count that does not grow with the data."""

import pytest
from django.utils import translation

from registry.models import ActivityCategory, Jurisdiction, Pairing
from registry.seeking.suggestions import suggest_partners

from .factories import (
    ChineseCityFactory,
    CityPairingFactory,
    ExchangeActivityFactory,
    ProvinceFactory,
    ProvinceStatePairingFactory,
    SeekingProfileFactory,
    StateFactory,
    USCityFactory,
)

pytestmark = pytest.mark.django_db

US = "United States of America"


@pytest.fixture
def world():
    """Hubei–Ohio are sister provinces/states; Sichuan and Guangdong have no tie to Ohio.

    Toledo (Ohio) is paired with Xiangyang (Hubei) and, unpublished, with Jingzhou (Hubei). Wuhan
    (Hubei) has a US partner (Pittsburgh), Shenzhen (Guangdong) too; Yichang (Hubei) and Chengdu
    (Sichuan) have none. Toledo–Xiangyang and Wuhan–Pittsburgh both held education exchanges."""
    hubei = ProvinceFactory(name_en="Hubei", name_zh="湖北省", slug="hubei")
    sichuan = ProvinceFactory(name_en="Sichuan", name_zh="四川省", slug="sichuan")
    guangdong = ProvinceFactory(name_en="Guangdong", name_zh="广东省", slug="guangdong")
    ohio = StateFactory(name_en="Ohio", name_zh="俄亥俄州", slug="ohio")
    pennsylvania = StateFactory(name_en="Pennsylvania", name_zh="宾夕法尼亚州", slug="pennsylvania")
    ProvinceStatePairingFactory(side_a=hubei, side_b=ohio)
    city = {
        "toledo": USCityFactory(parent=ohio, name_en="Toledo", slug="toledo"),
        "pittsburgh": USCityFactory(parent=pennsylvania, name_en="Pittsburgh", slug="pittsburgh"),
        "austin": USCityFactory(parent=pennsylvania, name_en="Austin", slug="austin"),
    }
    for slug, name_en, name_zh, province in [
        ("wuhan", "Wuhan", "武汉市", hubei),
        ("yichang", "Yichang", "宜昌市", hubei),
        ("xiangyang", "Xiangyang", "襄阳市", hubei),
        ("jingzhou", "Jingzhou", "荆州市", hubei),
        ("chengdu", "Chengdu", "成都市", sichuan),
        ("shenzhen", "Shenzhen", "深圳市", guangdong),
    ]:
        city[slug] = ChineseCityFactory(parent=province, name_en=name_en, name_zh=name_zh, slug=slug)
    toledo_xiangyang = CityPairingFactory(side_a=city["xiangyang"], side_b=city["toledo"])
    CityPairingFactory(side_a=city["jingzhou"], side_b=city["toledo"], is_published=False)
    wuhan_pittsburgh = CityPairingFactory(side_a=city["wuhan"], side_b=city["pittsburgh"])
    CityPairingFactory(side_a=city["shenzhen"], side_b=city["austin"])
    activity = ExchangeActivityFactory(category=ActivityCategory.EDUCATION)
    activity.pairings.add(toledo_xiangyang)
    ExchangeActivityFactory(category=ActivityCategory.EDUCATION).pairings.add(wuhan_pittsburgh)
    return city


def suggestions_for(slug, **kwargs):
    return suggest_partners(Jurisdiction.objects.with_parents().get(slug=slug), **kwargs)


def ranked(result):
    return [(item.place.slug, item.reasons) for item in result.items]


def test_without_profiles_sister_provinces_come_first_and_partners_are_never_suggested(world):
    result = suggestions_for("toledo")
    assert result.countries == ["CN"]  # where Toledo and Ohio already have partners
    assert ranked(result) == [
        (
            "yichang",
            [
                "Their provinces/states, Ohio and Hubei, are already sisters.",
                f"Yichang has no partner in {US} yet.",
            ],
        ),
        (
            "wuhan",
            [
                "Their provinces/states, Ohio and Hubei, are already sisters.",
                "Both have held exchanges in: education and youth.",
            ],
        ),
        ("chengdu", [f"Chengdu has no partner in {US} yet."]),
    ]


def test_mutual_seeking_first_then_one_sided_seeking_with_population_only_when_both_known(world):
    SeekingProfileFactory(
        place=world["toledo"],
        wanted_countries=["CN"],
        interests=["education", "tourism"],
        population=270_000,
        population_as_of="2020-04-01",
    )
    SeekingProfileFactory(
        place=world["chengdu"],
        wanted_countries=["US"],
        interests=["tourism", "trade"],
        population=300_000,
        population_as_of="2020-11-01",
    )
    # Seeking in the US, but nothing in common with Toledo's fields, and no population given.
    SeekingProfileFactory(place=world["shenzhen"], wanted_countries=["US"], interests=["trade"])
    # Unpublished or withdrawn profiles say nothing.
    SeekingProfileFactory(place=world["yichang"], wanted_countries=["US"], is_published=False)
    SeekingProfileFactory(place=world["wuhan"], wanted_countries=["US"], status="withdrawn")
    result = suggestions_for("toledo")
    assert ranked(result) == [
        (
            "chengdu",
            [
                "Both are seeking a partner in each other's country, with shared fields: tourism.",
                f"Chengdu has no partner in {US} yet.",
                "Comparable population: 270,000 and 300,000, as their profiles give them.",
            ],
        ),
        ("shenzhen", [f"Shenzhen is looking for a partner in {US}."]),
        (
            "yichang",
            [
                "Their provinces/states, Ohio and Hubei, are already sisters.",
                f"Yichang has no partner in {US} yet.",
            ],
        ),
        (
            "wuhan",
            [
                "Their provinces/states, Ohio and Hubei, are already sisters.",
                "Both have held exchanges in: education and youth.",
            ],
        ),
    ]


def test_neither_is_said_when_the_place_has_no_partner_in_the_other_country_either(world):
    USCityFactory(parent=world["toledo"].parent, name_en="Akron", slug="akron")
    both_ways = [
        "Their provinces/states, Hubei and Ohio, are already sisters.",
        "Neither has a partner in the other's country yet.",
    ]
    assert ranked(suggestions_for("akron"))[0] == (
        "yichang",
        [both_ways[0].replace("Hubei and Ohio", "Ohio and Hubei"), both_ways[1]],
    )
    # The other way round: Toledo, Yichang's province's partner's city, is not "neither" (it has
    # Chinese partners); Akron is.
    assert ranked(suggestions_for("yichang")) == [("akron", both_ways), ("toledo", [both_ways[0]])]


def test_an_ended_province_pair_is_not_a_channel(world):
    hubei_ohio = world["yichang"].parent.pairings_as_a.get()
    hubei_ohio.status, hubei_ohio.ended_on, hubei_ohio.ended_precision = "ended", "2020-01-01", "year"
    hubei_ohio.save()
    reasons = [reason for _slug, reasons in ranked(suggestions_for("toledo")) for reason in reasons]
    assert not any("already sisters" in reason for reason in reasons)


def test_a_country_can_be_chosen_and_a_place_with_no_ties_gets_none_by_default(world):
    lonely = USCityFactory(name_en="Nowhere", slug="nowhere")
    assert suggestions_for("nowhere").items == []
    assert suggestions_for("nowhere").countries == []
    chosen = suggestions_for("nowhere", countries=["CN"])
    assert [item.place.slug for item in chosen.items] == ["chengdu", "yichang"]
    assert lonely.pk not in [item.place.pk for item in chosen.items]


def test_reasons_are_translated(world):
    with translation.override("zh-hans"):
        reasons = dict(ranked(suggestions_for("toledo")))
    assert reasons["yichang"] == [
        "两地所在的省州俄亥俄州和湖北省已结为友好省州。",
        "宜昌市在美国尚无结好伙伴。",
    ]


def test_query_count_does_not_grow_with_the_world(world, django_assert_num_queries):
    SeekingProfileFactory(place=world["toledo"], population=270_000, population_as_of="2020-04-01")
    SeekingProfileFactory(
        place=world["chengdu"], wanted_countries=["US"], population=1, population_as_of="2020-01-01"
    )
    place = Jurisdiction.objects.with_parents().get(slug="toledo")
    # profile, links, activity fields, ranking, mutual fields, shared fields, public pages; and
    # the first time after a write, two for the places paired into the US and two for those with
    # education activities (then kept in the cache until the next write).
    with django_assert_num_queries(11):
        small = suggest_partners(place)
    with django_assert_num_queries(7):
        assert suggest_partners(place) == small
    hubei = world["yichang"].parent
    for index in range(40):
        other = ChineseCityFactory(parent=hubei, slug=f"more-{index}", name_en=f"More {index}")
        pairing = CityPairingFactory(side_a=other, side_b=USCityFactory())
        ExchangeActivityFactory(category=ActivityCategory.EDUCATION).pairings.add(pairing)
        SeekingProfileFactory(place=other, wanted_countries=["US"], interests=["education"])
    with django_assert_num_queries(11):
        large = suggest_partners(place)
    with django_assert_num_queries(7):
        suggest_partners(place)
    assert len(small.items) == 3
    assert len(large.items) == 10


def test_population_says_nothing_when_only_the_candidate_gives_one(world):
    SeekingProfileFactory(place=world["toledo"], wanted_countries=["CN"], interests=["tourism"])
    SeekingProfileFactory(
        place=world["chengdu"],
        wanted_countries=["US"],
        interests=["tourism"],
        population=300_000,
        population_as_of="2020-11-01",
    )
    assert ranked(suggestions_for("toledo"))[0] == (
        "chengdu",
        [
            "Both are seeking a partner in each other's country, with shared fields: tourism.",
            f"Chengdu has no partner in {US} yet.",
        ],
    )


def test_a_write_refreshes_the_cached_sets(world):
    assert ("chengdu", [f"Chengdu has no partner in {US} yet."]) in ranked(suggestions_for("toledo"))
    CityPairingFactory(side_a=world["chengdu"], side_b=USCityFactory())
    assert "chengdu" not in dict(ranked(suggestions_for("toledo")))


def test_demo_ohio_cities_get_hubei_cities_because_hubei_ohio_are_sisters(demo_data):
    """The real data needs no profiles: Toledo's suggestions are in China, Hubei's cities first."""
    result = suggestions_for("us-ohio-toledo")
    assert result.countries == ["CN"]
    assert result.items  # the demo shows suggestions
    hubei = [item for item in result.items if item.place.parent and item.place.parent.iso_3166_2 == "CN-HB"]
    # Which Hubei cities, and their order among themselves, follow the data (shared activity
    # fields rank a city higher); the small worlds above pin the rules.
    assert {"Wuhan", "Xiangyang", "Yichang"} <= {item.place.name_en for item in hubei}
    assert hubei == result.items[: len(hubei)]
    assert all("Ohio and Hubei, are already sisters." in item.reasons[0] for item in hubei)
    toledo = Jurisdiction.objects.get(slug="us-ohio-toledo")
    partners = {pairing.other_side(toledo).pk for pairing in Pairing.objects.involving(toledo)}
    assert partners  # Toledo has a Chinese partner, which is never suggested
    assert partners.isdisjoint(item.place.pk for item in result.items)
