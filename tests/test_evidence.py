"""Evidence strength: every demo pair carries the strongest kind of source it cites (official,
news, list only), computed from data/source/source_kinds.csv; the pair page shows it as a
plain-language badge in both languages, and the API and the GeoJSON carry it."""

import csv
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from registry.models import Evidence, Pairing, PairingKind

from .factories import CityPairingFactory
from .helpers import build_open_data, json_body

SOURCE = Path(__file__).resolve().parent.parent / "data" / "source"
pytestmark = pytest.mark.django_db


def rows(name):
    with (SOURCE / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


KINDS = {row["domain"]: row["kind"] for row in rows("source_kinds.csv")}


def domain(url):
    host = urlparse(url).netloc.lower()
    return host[4:] if host.startswith("www.") else host


def expected_evidence(row):
    urls = [row["source_url"], *(u.strip() for u in row["additional_sources"].split(" | ") if u.strip())]
    kinds = {KINDS[domain(url)] for url in urls}
    return next(kind for kind in ("official", "news", "list") if kind in kinds)


def test_every_cited_site_is_classified_once_with_a_known_kind():
    table = rows("source_kinds.csv")
    assert len({row["domain"] for row in table}) == len(table)
    assert {row["kind"] for row in table} <= set(Evidence.values)
    for name in ("province_state_pairs.csv", "city_pairs.csv"):
        for row in rows(name):
            urls = [
                row["source_url"],
                *(u.strip() for u in row["additional_sources"].split(" | ") if u.strip()),
            ]
            for url in urls:
                assert domain(url) in KINDS, url


@pytest.mark.usefixtures("demo_data")
def test_every_demo_pair_carries_the_strongest_kind_of_its_sources():
    from collections import Counter

    loaded = Counter(
        (p.kind, p.public_note, p.evidence) for p in Pairing.objects.all() if p.kind == PairingKind.CITY
    )
    expected = Counter(("city", r["note"], expected_evidence(r)) for r in rows("city_pairs.csv"))
    assert loaded == expected
    for row in rows("province_state_pairs.csv"):
        pairing = Pairing.objects.get(
            side_a__iso_3166_2=row["cn_iso3166_2"], side_b__iso_3166_2=row["us_iso3166_2"]
        )
        assert pairing.evidence == expected_evidence(row), row
    assert Pairing.objects.filter(evidence="").count() == 0
    # Wikipedia alone is "list only"; a consulate page makes a pair "official".
    assert Pairing.objects.get(slug="nanjing-st-louis").evidence != Evidence.LIST


@pytest.mark.usefixtures("demo_data")
@pytest.mark.parametrize(
    ("language", "labels"),
    [
        (
            "en",
            {
                "official": "Confirmed by an official source",
                "news": "Reported in the news",
                "list": "Only on a list",
            },
        ),
        ("zh-hans", {"official": "有官方来源证实", "news": "见于新闻报道", "list": "仅见于名录"}),
    ],
)
def test_the_pair_page_shows_the_evidence_as_a_plain_language_badge(client, language, labels):
    for kind, label in labels.items():
        pairing = Pairing.objects.filter(evidence=kind).order_by("slug").first()
        with translation.override(language):
            url = reverse("registry:pairing-detail", kwargs={"slug": pairing.slug})
        html = client.get(url).content.decode()
        assert f'class="badge evidence evidence-{kind}">{label}</span>' in html


def test_a_pair_not_assessed_says_so(client):
    pairing = CityPairingFactory(is_published=True, evidence="")
    with translation.override("zh-hans"):
        url = reverse("registry:pairing-detail", kwargs={"slug": pairing.slug})
    assert "尚未评估" in client.get(url).content.decode()


@pytest.mark.usefixtures("demo_data")
def test_the_api_and_the_geojson_carry_the_evidence(client):
    hubei_ohio = Pairing.objects.get(slug="hubei-ohio")
    assert client.get("/api/pairs/hubei-ohio").json()["evidence"] == hubei_ohio.evidence != ""
    build_open_data()
    geojson = json_body(client.get("/en/open-data/sister-pairs.geojson"))
    features = {f["id"]: f for f in geojson["features"]}
    assert features["hubei-ohio"]["properties"]["evidence"] == hubei_ohio.evidence


def test_an_unknown_evidence_value_is_refused_by_validation_and_by_the_database():
    pairing = CityPairingFactory()
    pairing.evidence = "rumour"
    with pytest.raises(ValidationError) as error:
        pairing.full_clean()
    assert "evidence" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        Pairing.objects.filter(pk=pairing.pk).update(evidence="rumour")
