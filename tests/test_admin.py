"""The staff admin: every page answers, searches find both languages, and changelists cost the
same number of queries at 1 row as at 50."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from registry.models import ExchangeActivity, Jurisdiction, Milestone, Pairing, Source

from .factories import (
    ChineseCityFactory,
    CityPairingFactory,
    ExchangeActivityFactory,
    MilestoneFactory,
    SourceFactory,
    USCityFactory,
)

pytestmark = pytest.mark.django_db

MODELS = [Jurisdiction, Pairing, Milestone, ExchangeActivity, Source]


def admin_url(model, view, *args):
    with translation.override("en"):
        return reverse(f"admin:registry_{model._meta.model_name}_{view}", args=args)


def make_rows(model, n):
    """n rows of `model`, each with its related rows, so N+1 patterns show."""
    if model is Pairing:
        for pairing in CityPairingFactory.create_batch(n):
            pairing.sources.add(SourceFactory())
    elif model is Jurisdiction:
        ChineseCityFactory.create_batch(n)
    elif model is Milestone:
        for pairing in CityPairingFactory.create_batch(n):
            MilestoneFactory(pairing=pairing, acting_side=pairing.side_a)
    elif model is ExchangeActivity:
        for activity in ExchangeActivityFactory.create_batch(n, host=ChineseCityFactory()):
            activity.pairings.add(CityPairingFactory())
    elif model is Source:
        SourceFactory.create_batch(n)


def changelist_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_changelist_query_count_does_not_grow_with_rows(admin_client, model):
    make_rows(model, 1)
    url = admin_url(model, "changelist")
    at_one = changelist_queries(admin_client, url)
    assert model.objects.count() in (1, 2)  # Jurisdiction: a city and its province
    make_rows(model, 49)
    at_fifty = changelist_queries(admin_client, url)
    assert at_fifty == at_one


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_add_page_answers(admin_client, model):
    assert admin_client.get(admin_url(model, "add")).status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_change_and_history_pages_answer(admin_client, model):
    make_rows(model, 1)
    obj = model.objects.order_by("pk").last()
    assert admin_client.get(admin_url(model, "change", obj.pk)).status_code == 200
    assert admin_client.get(admin_url(model, "history", obj.pk)).status_code == 200


@pytest.mark.parametrize("term", ["Wuhan", "武汉", "Hankow", "CN-HB"])
def test_pairing_search_finds_names_in_both_languages_aliases_and_codes(admin_client, term):
    wuhan = ChineseCityFactory(name_en="Wuhan", name_zh="武汉市", aliases="Hankow")
    wuhan.parent.iso_3166_2 = "CN-HB"
    wuhan.parent.save()
    hit = CityPairingFactory(side_a=wuhan)
    CityPairingFactory()  # a pair that must not match
    response = admin_client.get(admin_url(Pairing, "changelist"), {"q": term})
    if term == "CN-HB":  # the code belongs to the province, not to a side of this city pair
        assert list(response.context["cl"].result_list) == []
    else:
        assert list(response.context["cl"].result_list) == [hit]


def test_jurisdiction_search_finds_iso_code(admin_client):
    province = ChineseCityFactory().parent
    province.iso_3166_2 = "CN-HB"
    province.save()
    response = admin_client.get(admin_url(Jurisdiction, "changelist"), {"q": "cn-hb"})
    assert list(response.context["cl"].result_list) == [province]


def test_place_autocomplete_answers_with_parent_names(admin_client):
    ChineseCityFactory(name_en="Nanjing", name_zh="南京市")
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "registry", "model_name": "pairing", "field_name": "side_a", "term": "南京"},
    )
    assert response.status_code == 200
    assert next(r["text"] for r in response.json()["results"]).startswith("Nanjing (南京市), ")


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "city"}, 1),
        ({"status": "active"}, 1),
        ({"decade": "1980"}, 1),
        ({"country": "US"}, 2),
    ],
)
def test_pairing_filters(admin_client, params, expected):
    CityPairingFactory(status="active", established_on="1983-01-01", established_precision="year")
    from .factories import ProvinceStatePairingFactory

    ProvinceStatePairingFactory(status="unknown", established_on="1995-05-01", established_precision="month")
    response = admin_client.get(admin_url(Pairing, "changelist"), params)
    assert response.context["cl"].result_count == expected


def test_publish_and_unpublish_actions_write_history(admin_client):
    pairings = CityPairingFactory.create_batch(3, is_published=False)
    url = admin_url(Pairing, "changelist")
    admin_client.post(url, {"action": "publish", "_selected_action": [p.pk for p in pairings[:2]]})
    assert sorted(Pairing.objects.filter(is_published=True).values_list("pk", flat=True)) == sorted(
        p.pk for p in pairings[:2]
    )
    assert pairings[0].history.count() == 2
    assert pairings[0].history.latest().history_user.username == "admin"
    admin_client.post(url, {"action": "unpublish", "_selected_action": [pairings[0].pk]})
    assert not Pairing.objects.get(pk=pairings[0].pk).is_published


def test_adding_a_pairing_in_the_admin_derives_its_slug_and_validates(admin_client):
    nanjing = ChineseCityFactory(name_en="Nanjing")
    st_louis = USCityFactory(name_en="St. Louis")
    form = {
        "side_a": nanjing.pk,
        "side_b": st_louis.pk,
        "slug": "",
        "kind": "city",
        "tier": "sister",
        "status": "unknown",
        "established": "1979-11-02",
        "milestones-TOTAL_FORMS": 0,
        "milestones-INITIAL_FORMS": 0,
        "ExchangeActivity_pairings-TOTAL_FORMS": 0,
        "ExchangeActivity_pairings-INITIAL_FORMS": 0,
        "Pairing_sources-TOTAL_FORMS": 0,
        "Pairing_sources-INITIAL_FORMS": 0,
    }
    response = admin_client.post(admin_url(Pairing, "add"), form)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Pairing.objects.get().slug == "nanjing-st-louis"

    reversed_form = {**form, "side_a": st_louis.pk, "side_b": nanjing.pk}
    response = admin_client.post(admin_url(Pairing, "add"), reversed_form)
    assert response.status_code == 200
    assert "These two places are already paired (in one order or the other)." in response.content.decode()
    assert Pairing.objects.count() == 1


def test_deleting_a_paired_place_in_the_admin_is_refused(admin_client):
    pairing = CityPairingFactory()
    response = admin_client.post(admin_url(Jurisdiction, "delete", pairing.side_a.pk), {"post": "yes"})
    assert response.status_code == 200  # the "cannot delete" page, not a redirect
    assert Jurisdiction.objects.filter(pk=pairing.side_a.pk).exists()


def test_admin_speaks_chinese(admin_client):
    response = admin_client.get("/zh-hans/admin/registry/pairing/")
    content = response.content.decode()
    assert response.status_code == 200
    # Django's own catalogue ("选择 … 来修改") and ours (the model's name, the site title).
    assert "<title>选择 结好关系 来修改 | 友好省州与友好城市名录</title>" in content


def test_country_filter_lists_each_country_once(admin_client):
    CityPairingFactory()
    response = admin_client.get(admin_url(Pairing, "changelist"))
    country_filter = next(f for f in response.context["cl"].filter_specs if f.parameter_name == "country")
    assert [code for code, _name in country_filter.lookup_choices] == ["CN", "US"]


def test_changelist_lists_dated_pairs_first_oldest_first(admin_client):
    undated = CityPairingFactory()
    later = CityPairingFactory(established_on="1995-01-01", established_precision="year")
    earlier = CityPairingFactory(established_on="1979-01-01", established_precision="year")
    response = admin_client.get(admin_url(Pairing, "changelist"))
    assert list(response.context["cl"].result_list) == [earlier, later, undated]
