"""The demo fixtures hold every row of data/source/*.csv faithfully: counts, dates with their
precision, statuses, notes, sources and coordinates, with blanks left blank."""

import csv
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

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

SOURCE = Path(__file__).resolve().parent.parent / "data" / "source"
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]


def rows(name):
    with (SOURCE / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


PROVINCE_ROWS = rows("province_state_pairs.csv")
CITY_ROWS = rows("city_pairs.csv")
ACTIVITY_ROWS = rows("activities.csv")
DIALOGUE_TITLE = "China–U.S. sister cities video dialogue: Building Resilient Partnerships"


def row_urls(row):
    extra = [u.strip() for u in row["additional_sources"].split(" | ") if u.strip()]
    return frozenset([row["source_url"], *extra])


def csv_status(pairing):
    return f"ended {pairing.ended_on.year}" if pairing.status == "ended" else pairing.status


def test_pairing_counts_match_the_csv_files():
    assert Pairing.objects.filter(kind=PairingKind.PROVINCE_STATE).count() == len(PROVINCE_ROWS) == 34
    assert Pairing.objects.filter(kind=PairingKind.CITY).count() == len(CITY_ROWS) == 246
    assert Pairing.objects.filter(is_published=False).count() == 0


def test_every_province_level_subdivision_of_china_and_the_us_is_loaded():
    provinces = Jurisdiction.objects.filter(level=Level.PROVINCE)
    assert provinces.filter(country="CN").count() == 34
    assert provinces.filter(country="US").count() == 57
    assert provinces.filter(name_zh="").count() == 0
    assert provinces.get(iso_3166_2="CN-NX").name_zh == "宁夏回族自治区"
    assert provinces.get(iso_3166_2="US-MD").name_zh == "马里兰州"
    assert provinces.get(iso_3166_2="CN-AH").name_en == "Anhui"


def test_province_state_rows_are_loaded_exactly():
    pairs = {
        (p.side_a.iso_3166_2, p.side_b.iso_3166_2): p
        for p in Pairing.objects.filter(kind=PairingKind.PROVINCE_STATE).select_related("side_a", "side_b")
    }
    for row in PROVINCE_ROWS:
        pairing = pairs[(row["cn_iso3166_2"], row["us_iso3166_2"])]
        assert pairing.side_a.name_zh == row["cn_name_zh"]
        assert (pairing.established.isoformat() if pairing.established else "") == row["established"]
        assert csv_status(pairing) == row["status"]
        assert pairing.public_note == row["note"]
        assert set(pairing.sources.values_list("url", flat=True)) == row_urls(row)


def test_city_rows_keep_dates_statuses_notes_and_sources():
    loaded = Counter(
        (
            p.established.isoformat() if p.established else "",
            csv_status(p),
            p.public_note,
            frozenset(p.sources.values_list("url", flat=True)),
        )
        for p in Pairing.objects.filter(kind=PairingKind.CITY).prefetch_related("sources")
    )
    expected = Counter((r["established"], r["status"], r["note"], row_urls(r)) for r in CITY_ROWS)
    assert loaded == expected


def test_city_rows_keep_names_and_coordinates_and_leave_blanks_blank():
    """A place has the coordinates the rows give for it (rows naming the same place share them),
    and none when no row gives any: blanks are never filled by guessing."""

    def point(place):
        if place.latitude is None:
            return None
        return (place.latitude.normalize(), place.longitude.normalize())

    def csv_point(lat, lon):
        return (Decimal(lat).normalize(), Decimal(lon).normalize()) if lat else None

    def place_keys(index, row):
        cn = ("CN", row["cn_province_en"] or index, row["cn_city_en"])
        us = ("US", row["us_state"] or index, row["us_city"])
        return cn, us

    given = {}
    for index, row in enumerate(CITY_ROWS):
        cn, us = place_keys(index, row)
        for key, lat, lon in ((cn, "cn_lat", "cn_lon"), (us, "us_lat", "us_lon")):
            value = csv_point(row[lat], row[lon])
            if given.get(key) is None:
                given[key] = value
            else:
                assert value in (None, given[key]), (row, "rows disagree on a place's coordinates")

    loaded = Counter(
        (p.side_a.name_zh, point(p.side_a), point(p.side_b))
        for p in Pairing.objects.filter(kind=PairingKind.CITY).select_related("side_a", "side_b")
        if p.side_a.level != Level.PROVINCE and p.side_b.level != Level.PROVINCE
    )
    expected = Counter(
        (r["cn_city_zh"], *(given[key] for key in place_keys(i, r)))
        for i, r in enumerate(CITY_ROWS)
        if r["cn_city_en"] not in ("Beijing", "Shanghai", "Tianjin", "Chongqing")
        and r["us_city"] != "Washington, D.C."
    )
    assert loaded == expected


def test_us_places_without_a_state_have_no_parent():
    stateless = Pairing.objects.filter(kind=PairingKind.CITY, side_b__parent__isnull=True).exclude(
        side_b__designation=Designation.FEDERAL_DISTRICT
    )
    assert stateless.count() == sum(1 for r in CITY_ROWS if not r["us_state"]) == 19
    wilmingtons = Jurisdiction.objects.filter(name_en="Wilmington", parent__isnull=True)
    assert wilmingtons.count() == 2  # two rows, state unknown: not merged on a guess


def test_municipalities_and_washington_dc_are_city_pair_sides():
    beijing = Jurisdiction.objects.get(iso_3166_2="CN-BJ")
    washington = Jurisdiction.objects.get(iso_3166_2="US-DC")
    assert Pairing.objects.filter(side_a=beijing, side_b=washington, kind=PairingKind.CITY).exists()


def test_the_ended_pairs_have_their_end_year_and_milestone():
    ended_pairs = Pairing.objects.filter(status="ended").select_related("side_a", "side_b")
    ended_rows = [r for r in PROVINCE_ROWS + CITY_ROWS if r["status"].startswith("ended ")]
    assert ended_pairs.count() == len(ended_rows) == 2
    ended = ended_pairs.get(side_a__name_en="Tianjin", side_b__name_en="Dallas")
    assert ended.ended.isoformat() == "2025"
    assert ended.milestones.get(kind="ended").occurred.isoformat() == "2025"


def test_changchun_little_rock_is_reclassified_as_a_friendship_tie_not_ended():
    pairing = Pairing.objects.get(slug="changchun-little-rock")
    assert (pairing.status, pairing.tier, pairing.ended) == ("unknown", "friendship", None)
    step = pairing.milestones.get(kind="reclassified")
    assert (step.occurred.isoformat(), step.tier, step.basis) == ("2025", "friendship", "council_resolution")
    assert list(step.sources.values_list("url", flat=True)) == [
        "https://arkansasdailyreport.com/state-forces-little-rock-to-end-31-year-sister-city-tie-with-chinese-city"
    ]
    assert not pairing.milestones.filter(kind="ended").exists()


MILESTONE_ROWS = rows("milestones.csv")


def test_the_milestones_file_has_its_fixed_header():
    with (SOURCE / "milestones.csv").open(encoding="utf-8") as handle:
        assert handle.readline().strip() == "cn_side,us_side,kind,date,basis,source_url,note"


def test_every_milestone_row_is_loaded_with_its_date_basis_source_and_note():
    loaded = Counter(
        (
            m.pairing.side_a.name_en,
            m.pairing.side_b.name_en,
            m.kind,
            m.occurred.isoformat(),
            m.basis,
            tuple(m.sources.values_list("url", flat=True)),
            m.description,
        )
        for m in Milestone.objects.exclude(kind__in=["established", "ended"]).select_related(
            "pairing__side_a", "pairing__side_b"
        )
    )
    expected = Counter(
        (
            place_name(r["cn_side"]),
            place_name(r["us_side"]),
            r["kind"],
            r["date"],
            r["basis"],
            (r["source_url"],),
            r["note"],
        )
        for r in MILESTONE_ROWS
    )
    assert loaded == expected


def test_the_suspended_pair_carries_its_suspension_as_evidence():
    pairing = Pairing.objects.get(status="suspended")
    assert (pairing.side_a.name_en, pairing.side_b.name_en) == ("Changshu", "Whittier")
    assert pairing.milestones.get(kind="suspended").occurred.isoformat() == "2016"


def test_the_established_basis_column_is_loaded_where_given():
    for row, pairing in zip(
        PROVINCE_ROWS + CITY_ROWS,
        Pairing.objects.order_by("pk"),
        strict=True,
    ):
        assert pairing.established_basis == row.get("established_basis", "").strip(), row


def test_sources_are_every_url_cited():
    cited = set().union(*(row_urls(r) for r in PROVINCE_ROWS + CITY_ROWS))
    cited |= {row["source_url"] for row in ACTIVITY_ROWS}
    assert set(Source.objects.values_list("url", flat=True)) == cited | {
        "https://mongoltime.com/?p=462",
        "http://africa.chinadaily.com.cn/a/202204/29/WS626b29c2a310fd2b29e5a08a.html",
    }


def test_the_2022_video_dialogue_links_the_pairs_it_names():
    dialogue = ExchangeActivity.objects.get(title_en=DIALOGUE_TITLE)
    assert dialogue.starts.isoformat() == "2022-04"
    assert sorted(str(p) for p in dialogue.pairings.all()) == [
        "Anhui – Maryland",
        "Fujian – Oregon",
        "Hebei – Iowa",
        "Henan – Kansas",
        "Hubei – Ohio",
        "Nanjing – St. Louis",
    ]


def place_name(csv_name):
    """The place name the builder gives a pair-file name: "Wuhan - Qiaokou District" is the
    district "Qiaokou District", "Taizhou (Jiangsu)" is "Taizhou"."""
    name = csv_name.split(" - ", 1)[-1]
    return name.split(" (", 1)[0] if name.endswith(")") else name


def csv_pairs(text):
    pairs = set()
    for entry in filter(None, (e.strip() for e in text.split(";"))):
        cn, us = entry.split(" / ")
        pairs.add((place_name(cn), place_name(us)))
    return frozenset(pairs)


def test_every_activity_row_is_loaded_with_its_pairs_dates_source_and_note():
    activities = ExchangeActivity.objects.exclude(title_en=DIALOGUE_TITLE).prefetch_related(
        "pairings__side_a", "pairings__side_b", "sources"
    )
    assert activities.count() == len(ACTIVITY_ROWS)
    loaded = Counter(
        (
            a.category,
            a.title_en,
            a.title_zh,
            a.starts.isoformat() if a.starts else "",
            a.ends.isoformat() if a.ends else "",
            a.place,
            a.description_en,
            frozenset(s.url for s in a.sources.all()),
            frozenset((p.side_a.name_en, p.side_b.name_en) for p in a.pairings.all()),
            a.is_published,
        )
        for a in activities
    )
    expected = Counter(
        (
            r["category"],
            r["title_en"],
            r["title_zh"],
            r["starts"],
            r["ends"],
            r["place"],
            r["note"],
            frozenset([r["source_url"]]),
            csv_pairs(r["pairs"]),
            True,
        )
        for r in ACTIVITY_ROWS
    )
    assert loaded == expected


def test_every_activity_row_has_a_source_a_note_and_a_model_category():
    categories = {value for value, _label in ExchangeActivity._meta.get_field("category").choices}
    for row in ACTIVITY_ROWS:
        assert row["source_url"].startswith(("http://", "https://")), row
        assert row["note"].strip(), row
        assert row["category"] in categories, row


def test_the_first_pairs_have_their_early_activities():
    hebei_iowa = Pairing.objects.get(slug="hebei-iowa")
    assert hebei_iowa.activities.filter(starts_on__year=1985, category="agriculture").exists()
    assert hebei_iowa.activities.filter(starts_on__year=2012).exists()
    assert Pairing.objects.get(slug="hubei-ohio").activities.filter(starts_on__year=1979).exists()
    assert Pairing.objects.get(slug="nanjing-st-louis").activities.filter(starts_on__year=1979).exists()


def test_pairs_that_sources_call_friendship_ties_carry_that_tier_and_the_rest_are_sister_pairs():
    tiers = rows("tiers.csv")
    friendship = set()
    for row in tiers:
        matches = [
            p
            for p in Pairing.objects.select_related("side_a", "side_b")
            if (p.side_a.name_en, p.side_b.name_en)
            == (place_name(row["cn_side"]), place_name(row["us_side"]))
        ]
        assert len(matches) == 1, row
        assert matches[0].tier == row["tier"]
        assert row["source_url"] in set(matches[0].sources.values_list("url", flat=True))
        friendship.add(matches[0].pk)
    assert Pairing.objects.exclude(pk__in=friendship).exclude(tier="sister").count() == 0
    assert Pairing.objects.get(slug="tianjin-dallas").tier == "friendship"
    assert len(friendship) == len(tiers) == 25


def test_every_established_date_has_its_milestone():
    dated = Pairing.objects.filter(established_on__isnull=False)
    assert Milestone.objects.filter(kind="established").count() == dated.count() == 31 + 148


def test_every_loaded_row_passes_model_validation():
    # Fields and clean(). Uniqueness and the other constraints are the database's own, which
    # accepted every row; asking again would be a query per row and constraint (12 s).
    for model in (Jurisdiction, Pairing, Milestone, ExchangeActivity):
        for obj in model.objects.all():
            obj.full_clean(exclude=["url"], validate_unique=False, validate_constraints=False)


def test_every_loaded_row_has_exactly_one_creation_entry_in_its_history():
    for model in (Jurisdiction, Pairing, Source, Milestone, ExchangeActivity):
        assert model.history.filter(history_type="+").count() == model.objects.count()
        assert model.history.count() == model.objects.count()


def test_loading_twice_changes_nothing():
    from django.core.management import call_command

    before = Pairing.objects.count(), Jurisdiction.objects.count(), Milestone.objects.count()
    call_command("load_demo", verbosity=0)
    assert (
        Pairing.objects.count(),
        Jurisdiction.objects.count(),
        Milestone.objects.count(),
    ) == before
