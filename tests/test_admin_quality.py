"""Data-quality views: filters for what records lack, and the "needs attention" panel on the
admin index counting each and linking to the filtered list."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import translation

from registry.models import Jurisdiction, Pairing

from .factories import ChineseCityFactory, CityPairingFactory, SourceFactory, USCityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry_rows():
    dated = CityPairingFactory(established_on=datetime.date(1983, 1, 1), established_precision="year")
    dated.sources.add(SourceFactory())
    undated = CityPairingFactory()
    ChineseCityFactory(parent=None, latitude=30, longitude=114)  # a city without its province
    USCityFactory(name_en="Wilmington", parent=dated.side_b.parent)
    USCityFactory(name_en="wilmington", parent=None)
    return dated, undated


def changelist(client, model, query):
    url = reverse(f"admin:registry_{model._meta.model_name}_changelist") + query
    response = client.get(url)
    assert response.status_code == 200
    return set(response.context["cl"].queryset)


def test_pairing_filters_find_what_pairs_lack(admin_client, registry_rows):
    dated, undated = registry_rows
    assert changelist(admin_client, Pairing, "?established=none") == {undated}
    assert changelist(admin_client, Pairing, "?decade=unknown") == {undated}
    assert changelist(admin_client, Pairing, "?decade=1980") == {dated}
    assert changelist(admin_client, Pairing, "?sourced=none") == {undated}


def test_place_filters_find_what_places_lack(admin_client, registry_rows):
    without_position = set(Jurisdiction.objects.filter(latitude__isnull=True))
    assert changelist(admin_client, Jurisdiction, "?position=none") == without_position
    assert changelist(admin_client, Jurisdiction, "?name_zh=none") == set(
        Jurisdiction.objects.filter(name_zh="")
    )
    orphans = changelist(admin_client, Jurisdiction, "?parent=none")
    assert {place.name_en for place in orphans} == {
        Jurisdiction.objects.get(latitude=30).name_en,
        "wilmington",
    }
    duplicates = changelist(admin_client, Jurisdiction, "?duplicates=yes")
    assert {place.name_en for place in duplicates} == {"Wilmington", "wilmington"}


def test_the_admin_index_counts_what_needs_attention_and_links_to_it(admin_client, registry_rows):
    with translation.override("zh-hans"):
        url = reverse("admin:index")
    page = admin_client.get(url).content.decode()
    panel = page[page.index('id="needs-attention"') :]
    panel = panel[: panel.index("</table>")]
    rows = dict(
        (label, (int(count), href))
        for href, label, count in re.findall(
            r'<a href="([^"]+)">([^<]+)</a></th><td class="count">(\d+)', panel
        )
    )
    assert rows["无日期的结好关系"] == (1, "/zh-hans/admin/registry/pairing/?established=none")
    assert rows["无来源的结好关系"] == (1, "/zh-hans/admin/registry/pairing/?sourced=none")
    assert rows["疑似重复的地方"] == (2, "/zh-hans/admin/registry/jurisdiction/?duplicates=yes")
    assert rows["无上级行政区的地方"][0] == 2
    assert rows["无中文名称的地方"][0] == Jurisdiction.objects.filter(name_zh="").count()
    assert rows["无坐标的地方"][0] == Jurisdiction.objects.filter(latitude__isnull=True).count()


def test_the_panel_costs_a_fixed_number_of_queries(
    admin_client, django_assert_max_num_queries, registry_rows
):
    CityPairingFactory.create_batch(5)
    with django_assert_max_num_queries(20):
        admin_client.get(reverse("admin:index"))


def test_a_viewer_without_registry_permissions_sees_no_panel(client, django_user_model):
    staff = django_user_model.objects.create_user("staff", password="x" * 12, is_staff=True)
    client.force_login(staff)
    assert 'id="needs-attention"' not in client.get(reverse("admin:index")).content.decode()
