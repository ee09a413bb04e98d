"""The place authority: the gazetteer's load, the resolver, reconcile_places on the demo data, and
public search through it. The China + US gazetteer is loaded once for the module."""

import pytest
from django.core.management import call_command

from registry.models import GazetteerEntry, Jurisdiction, MatchOutcome, PlaceMatch
from registry.places import resolve as resolver
from registry.places.loading import chinese_name, load_gazetteer
from registry.places.names import compact, keys, romanise
from registry.places.reconcile import reconcile_places

from . import places_fixtures

# The module fixtures: the gazetteer, and the demo data reconciled.
gazetteer = places_fixtures.gazetteer
reconciled = places_fixtures.reconciled

# --- names (no database) ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("St. Louis", "Saint Louis"),
        ("St Louis", "saint louis"),
        ("Ürümqi", "Urumqi"),
        ("烏魯木齊", "乌鲁木齐"),
        ("Xi’an", "Xi'an"),
        ("ＣＨＥＮＧＤＵ", "Chengdu"),
        ("Chéngdū", "cheng du"),
    ],
)
def test_written_forms_fold_to_one_key(a, b):
    assert compact(a) == compact(b)


def test_chinese_name_has_pinyin_and_suffixless_keys():
    exact, loose = keys("武侯区")
    assert exact == {"武侯区", "wuhouqu"}
    assert loose == {"武侯", "wuhou"}


def test_romanised_english_name_of_a_district():
    assert romanise("武侯区") == "Wuhou District"
    assert romanise("旅顺口区") == "Lushunkou District"


def test_chinese_name_is_the_most_common_simplified_han_form():
    assert chinese_name(["ウルムチ市", "乌鲁木齐", "烏魯木齊", "乌鲁木齐市", "Urumqi"]) == "乌鲁木齐"


# --- loading ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_gazetteer_has_gb2260_tree_and_us_places(gazetteer):
    wuhou = GazetteerEntry.objects.get(source="gb2260", code="510107")
    assert (wuhou.name_zh, wuhou.name_en, wuhou.parent.code, wuhou.parent.parent.code) == (
        "武侯区",
        "Wuhou District",
        "510100",
        "510000",
    )
    chengdu = wuhou.parent
    assert (chengdu.name_en, chengdu.geonames_id) == ("Chengdu", 1815286)
    st_louis = GazetteerEntry.objects.get(source="geonames", code="4407066")
    assert (st_louis.name_zh, st_louis.parent.iso_3166_2) == ("圣路易斯", "US-MO")


@pytest.mark.django_db
def test_reloading_updates_in_place(gazetteer):
    pk = GazetteerEntry.objects.get(source="gb2260", code="510107").pk
    count = GazetteerEntry.objects.count()
    load_gazetteer(countries=["CN"])
    assert GazetteerEntry.objects.count() == count
    assert GazetteerEntry.objects.get(source="gb2260", code="510107").pk == pk


@pytest.mark.django_db
def test_other_countries_load_by_flag(gazetteer):
    call_command("load_gazetteer", "--countries", "NZ", "--min-population", "15000", verbosity=0)
    assert GazetteerEntry.objects.filter(country="NZ", name_en="Wellington").exists()


# --- resolver ---------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Urumqi", "650100"),
        ("烏魯木齊", "650100"),
        ("乌鲁木齐市", "650100"),
        ("Tihwa", "650100"),
        ("Peking", "110000"),
        ("Xi’an", "610100"),
        ("Xi'an", "610100"),
        ("成都市武侯区", "510107"),
        ("Chengdu - Wuhou District", "510107"),
        ("wǔhóu qū", "510107"),
        ("Beijing - Xicheng District", "110102"),
        ("湖北", "420000"),
        ("湖北省", "420000"),
        ("CN-HB", "420000"),
        ("ＣＮ－ＨＢ", "420000"),
        ("CN-SC", "510000"),
        ("Cheng du", "510100"),
    ],
)
def test_resolves_chinese_places_in_every_written_form(gazetteer, text, code):
    assert resolver.resolve(text).gbt2260_code == code


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "geonames_id"),
    [("ID", 5596512), ("US-ID", 5596512), ("Ohio", 5165418), ("New York City - Bronx", 5110266)],
)
def test_resolves_us_places_and_state_codes(gazetteer, text, geonames_id):
    assert resolver.resolve(text).geonames_id == geonames_id


@pytest.mark.django_db
def test_state_disambiguates(gazetteer):
    indiana = resolver.resolve("Indiana")
    columbus = resolver.resolve("Columbus", within=indiana)
    assert (columbus.name_en, columbus.admin1) == ("Columbus", "IN")
    st_louis = resolver.resolve("Saint Louis", within=resolver.resolve("MO"))
    assert st_louis.geonames_id == 4407066


@pytest.mark.django_db
def test_ambiguous_name_is_refused_with_its_candidates(gazetteer):
    with pytest.raises(resolver.NotResolved) as refusal:
        resolver.resolve("Springfield", country="US")
    assert refusal.value.message.startswith("Springfield: ")
    assert refusal.value.message.endswith("provinces/states — give the province/state.")
    assert {"IL", "MO", "MA", "OH"} <= {place.admin1 for place in refusal.value.candidates}


@pytest.mark.django_db
def test_code_where_a_name_is_expected_is_refused(gazetteer):
    with pytest.raises(resolver.NotResolved, match="US-OH is a code, not a place name"):
        resolver.resolve("US-OH", kind="place")


@pytest.mark.django_db
def test_unknown_name_is_refused_with_closest_names(gazetteer):
    with pytest.raises(resolver.NotResolved) as refusal:
        resolver.resolve("Chengdoo", country="CN")
    assert refusal.value.message.startswith("Unknown place Chengdoo. Closest: ")
    assert len(refusal.value.suggestions) == 5


@pytest.mark.django_db
def test_refusal_is_translated(gazetteer):
    from django.utils import translation

    with translation.override("zh-hans"), pytest.raises(resolver.NotResolved) as refusal:
        resolver.resolve("Chengdoo", country="CN")
    assert refusal.value.message.startswith("未知地名 Chengdoo")


# --- reconcile --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_reconcile_reports_every_place(reconciled):
    _before, outcomes, after = reconciled
    assert sum(outcomes.values()) == after["places"] == PlaceMatch.objects.count()
    assert outcomes[MatchOutcome.MATCHED] >= 0.9 * after["places"]


@pytest.mark.django_db
def test_reconcile_fills_blanks(reconciled):
    before, _outcomes, after = reconciled
    # A GB/T 2260 code for at least 95 % of Chinese places (measured: 178 of 181).
    assert after["GB/T 2260 codes"] >= 0.95 * Jurisdiction.objects.filter(country="CN").count()
    # A Chinese name for every US place whose gazetteer entry has one (measured on the grown
    # demo data: 203 of 255 US places, 80 % of them, have one).
    matched = PlaceMatch.objects.filter(
        jurisdiction__country="US", outcome=MatchOutcome.MATCHED, entry__isnull=False
    ).exclude(entry__name_zh="")
    assert matched.exists()
    assert not matched.filter(jurisdiction__name_zh="").exists()
    assert after["Chinese names"] > before["Chinese names"]
    assert after["GeoNames ids"] > before["GeoNames ids"]
    urumqi = Jurisdiction.objects.get(gazetteer_match__entry__gbt2260_code="650100")
    assert urumqi.gbt2260_code == "650100"
    assert urumqi.gazetteer_match.filled["gbt2260_code"].startswith("GB/T 2260 650100")


@pytest.mark.django_db
def test_reconcile_never_overwrites_a_cited_value(reconciled):
    chengdu = Jurisdiction.objects.get(slug="cn-sichuan-chengdu")
    assert (str(chengdu.latitude), chengdu.coordinates_source) == ("30.000001", "https://example.org/cited")
    assert chengdu.gazetteer_match.outcome == MatchOutcome.MATCHED
    assert "latitude" not in chengdu.gazetteer_match.filled


@pytest.mark.django_db
def test_stateless_places_are_left_for_staff_with_candidates(reconciled):
    wilmingtons = PlaceMatch.objects.filter(jurisdiction__name_en="Wilmington")
    assert [match.outcome for match in wilmingtons] == [MatchOutcome.AMBIGUOUS] * 2
    assert all(match.candidates.count() > 1 for match in wilmingtons)
    assert (
        Jurisdiction.objects.filter(name_en="Wilmington", parent__isnull=True, latitude__isnull=True).count()
        == 2
    )


@pytest.mark.django_db
def test_unsettled_places_are_listed_in_the_admin(reconciled, admin_client):
    response = admin_client.get("/en/admin/registry/placematch/?outcome__exact=ambiguous")
    assert response.status_code == 200
    assert "Wilmington" in response.content.decode()


@pytest.mark.django_db
def test_places_sharing_a_gazetteer_entry_are_listed_as_likely_duplicates(reconciled, admin_client):
    albuquerque = Jurisdiction.objects.get(slug="us-new-mexico-albuquerque")
    twin = Jurisdiction.objects.create(
        country="US", level=albuquerque.level, designation=albuquerque.designation,
        parent=albuquerque.parent,
        name_en="Albuquerque", slug="us-albuquerque-twin",
    )  # fmt: skip
    reconcile_places(queryset=Jurisdiction.objects.filter(pk=twin.pk))
    response = admin_client.get("/en/admin/registry/placematch/?duplicates=yes")
    listed = {match.jurisdiction.slug for match in response.context["cl"].result_list}
    assert listed == {albuquerque.slug, "us-albuquerque-twin"}


# --- public search ----------------------------------------------------------------------------


SEARCHES = [
    ("Urumqi", "urumqi-orem"),
    ("St Louis", "nanjing-st-louis"),
    ("Saint Louis", "nanjing-st-louis"),
    ("圣路易斯", "nanjing-st-louis"),
    ("Xi’an", "xian-kansas-city"),
    ("CN-HB", "hubei-ohio"),
    ("Canton", "guangzhou-los-angeles"),
    ("Peking", "beijing-new-york-city"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("q", "slug"), SEARCHES)
def test_pair_list_search_finds_every_written_form(reconciled, client, q, slug):
    response = client.get("/en/pairs/", {"q": q})
    assert slug in [row.slug for row in response.context["rows"]]


@pytest.mark.django_db
@pytest.mark.parametrize(("q", "slug"), SEARCHES)
def test_api_search_finds_every_written_form(reconciled, client, q, slug):
    items = client.get("/api/pairs", {"q": q, "page_size": 500}).json()["items"]
    assert slug in [item["slug"] for item in items]
