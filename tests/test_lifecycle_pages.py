"""The public pair page and the API show a pair's history as it happened: each step with its
date, the basis of the date and its sources, a reclassification with its new tier, and the
milestone that gives the status and tier, in English and in Chinese."""

import pytest
from django.urls import reverse
from django.utils import translation

from registry.models import Pairing

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]


def pair_page(client, slug, language):
    with translation.override(language):
        url = reverse("registry:pairing-detail", kwargs={"slug": slug})
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_reclassified_pair_reads_as_a_friendship_tie_with_its_step_in_english(client):
    page = pair_page(client, "changchun-little-rock", "en")
    assert 'friendship exchange <span class="evidence-note">(reclassified 2025)</span>' in page
    assert "reclassified as friendship exchange" in page
    assert "(basis: council or legislature resolution)" in page
    resolution = "https://arkansasdailyreport.com/state-forces-little-rock-to-end-31-year-sister-city-tie-with-chinese-city"
    assert resolution in page
    assert ">ended<" not in page


def test_the_reclassified_pair_reads_the_same_in_chinese(client):
    page = pair_page(client, "changchun-little-rock", "zh-hans")
    assert "调整为友好交流关系" in page
    assert "（2025 调整类型）" in page
    assert "依据：议会或立法机构决议" in page


def test_the_suspended_pair_names_the_step_that_suspended_it(client):
    page = pair_page(client, "changshu-whittier", "en")
    assert "(suspended 2016, see the history below)" in page
    page = pair_page(client, "changshu-whittier", "zh-hans")
    assert "见下方历程" in page


def test_a_renewal_is_in_the_history_with_its_basis(client):
    page = pair_page(client, "shanghai-san-francisco", "en")
    assert "renewed" in page
    assert "(basis: agreement signed)" in page
    page = pair_page(client, "shanghai-san-francisco", "zh-hans")
    assert "续签" in page
    assert "依据：签署协议" in page


def test_the_established_date_shows_its_basis_in_both_languages(client):
    Pairing.objects.filter(slug="hubei-ohio").update(established_basis="signed")
    assert '<span class="basis">(basis: agreement signed)</span>' in pair_page(client, "hubei-ohio", "en")
    assert '<span class="basis">（依据：签署协议）</span>' in pair_page(client, "hubei-ohio", "zh-hans")


def test_the_api_carries_each_milestone_basis_and_new_tier(client):
    body = client.get("/api/pairs/changchun-little-rock").json()
    [step] = [m for m in body["milestones"] if m["kind"] == "reclassified"]
    assert (step["occurred"], step["basis"], step["tier"]) == ("2025", "council_resolution", "friendship")
    assert body["tier"] == "friendship"
    hubei = client.get("/api/pairs/hubei-ohio").json()
    [renewal] = [m for m in hubei["milestones"] if m["kind"] == "renewed"]
    assert (renewal["occurred"], renewal["basis"], renewal["tier"]) == ("2009", "reported", "")
