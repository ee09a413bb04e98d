"""Officially reported totals: the model and its constraints, loading data/source/reported_totals.csv,
the admin (history, roles), and what the home and statistics pages say about how complete the
registry is, in both languages."""

import datetime
import io
import re

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from registry.models import CountScope, OfficialCount
from registry.partial_dates import Precision
from registry.reported_totals import REPORTED_TOTALS_CSV, load_reported_totals

from .factories import CityPairingFactory, ProvinceStatePairingFactory

pytestmark = pytest.mark.django_db

SOURCE = "https://example.org/report"


def official(count, on, scope=CountScope.ALL, precision=Precision.DAY, source=SOURCE):
    return OfficialCount.objects.create(
        reported_on=on, reported_precision=precision, scope=scope, count=count, source_url=source
    )


# --- Model and loading ----------------------------------------------------------------------------


def test_load_reported_totals_reads_every_row_once():
    assert load_reported_totals() == 7
    assert load_reported_totals() == 0
    assert OfficialCount.objects.count() == 7
    latest = OfficialCount.objects.filter(scope=CountScope.ALL).last()
    assert (latest.count, latest.reported_on, latest.reported_precision) == (
        288,
        datetime.date(2025, 10, 27),
        Precision.DAY,
    )
    suzhou = OfficialCount.objects.get(reported_precision=Precision.YEAR)
    assert (str(suzhou.reported), suzhou.count) == ("2023", 284)
    city = OfficialCount.objects.get(scope=CountScope.CITY)
    assert (city.count, city.source_url) == (
        234,
        "http://africa.chinadaily.com.cn/a/202204/29/WS626b29c2a310fd2b29e5a08a.html",
    )


def test_load_keeps_what_staff_changed():
    load_reported_totals()
    row = OfficialCount.objects.get(scope=CountScope.CITY)
    row.note = "Checked by staff."
    row.save()
    load_reported_totals()
    row.refresh_from_db()
    assert row.note == "Checked by staff."


def test_load_refuses_a_date_at_the_wrong_precision(tmp_path):
    csv_path = tmp_path / "totals.csv"
    csv_path.write_text(
        "reported_on,precision,scope,count,source_url,note\n2019,day,all,277,https://example.org/a,\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="2019 is not at day precision"):
        load_reported_totals(path=csv_path)
    assert OfficialCount.objects.count() == 0


def test_data_file_is_the_shared_one_in_the_project():
    assert REPORTED_TOTALS_CSV.name == "reported_totals.csv"
    assert REPORTED_TOTALS_CSV.parent.name == "source"


def test_load_demo_loads_the_totals(transactional_db):
    start = timezone.now()
    call_command("load_demo", verbosity=0, stdout=io.StringIO())
    assert OfficialCount.objects.count() == 7
    # One creation entry each in the change history.
    assert OfficialCount.history.filter(history_date__gte=start, history_type="+").count() == 7


def test_unknown_scope_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        official(10, datetime.date(2020, 1, 1), scope="county")


def test_unknown_precision_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        official(10, datetime.date(2020, 1, 1), precision="week")


def test_same_source_date_and_scope_twice_is_refused():
    official(10, datetime.date(2020, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        official(11, datetime.date(2020, 1, 1))


def test_changes_are_kept_in_the_history():
    row = official(10, datetime.date(2020, 1, 1))
    row.count = 12
    row.save()
    assert [entry.count for entry in row.history.all()] == [12, 10]


# --- Admin and roles ---------------------------------------------------------------------------------


def test_admin_pages(admin_client):
    row = official(284, datetime.date(2022, 4, 28))
    changelist = reverse("admin:registry_officialcount_changelist")
    assert admin_client.get(changelist, {"q": "example.org"}).status_code == 200
    assert admin_client.get(reverse("admin:registry_officialcount_add")).status_code == 200
    assert admin_client.get(reverse("admin:registry_officialcount_change", args=[row.pk])).status_code == 200
    assert admin_client.get(reverse("admin:registry_officialcount_history", args=[row.pk])).status_code == 200


def test_admin_add_stores_a_count(admin_client):
    response = admin_client.post(
        reverse("admin:registry_officialcount_add"),
        {
            "reported_on": "2024-07-19",
            "reported_precision": "day",
            "scope": "all",
            "count": "286",
            "source_url": "https://example.org/tacoma",
            "note": "",
        },
    )
    assert response.status_code == 302
    assert OfficialCount.objects.get().count == 286


@pytest.mark.parametrize(
    ("group", "codenames"),
    [
        ("viewer", {"view_officialcount"}),
        ("editor", {"view_officialcount", "add_officialcount", "change_officialcount"}),
        ("importer", {"view_officialcount", "add_officialcount", "change_officialcount"}),
        (
            "administrator",
            {"view_officialcount", "add_officialcount", "change_officialcount", "delete_officialcount"},
        ),
    ],
)
def test_roles_have_the_official_count_permissions(group, codenames):
    granted = set(
        Group.objects.get(name=group)
        .permissions.filter(codename__endswith="_officialcount")
        .values_list("codename", flat=True)
    )
    assert granted == codenames


# --- Home and statistics ------------------------------------------------------------------------------


@pytest.fixture
def registry_and_counts(db):
    ProvinceStatePairingFactory(established_on="1979-01-01", established_precision="year")
    CityPairingFactory(established_on="1990-01-01", established_precision="year")
    CityPairingFactory()  # no date
    official(277, datetime.date(2019, 3, 14))
    official(284, datetime.date(2022, 4, 28))
    official(50, datetime.date(2022, 4, 28), scope=CountScope.PROVINCE_STATE)
    official(234, datetime.date(2022, 4, 28), scope=CountScope.CITY)
    official(288, datetime.date(2025, 10, 27))


def figures(html):
    section = re.search(r'<ul class="figures coverage-figures">(.*?)</ul>', html, re.S).group(1)
    return [re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r"<li>(.*?)</li>", section, re.S)]


@pytest.mark.parametrize("url_name", ["registry:home", "registry:statistics"])
def test_live_count_beside_the_latest_official_one_per_scope(client, registry_and_counts, url_name):
    html = client.get(reverse(url_name)).content.decode()
    assert figures(html) == [
        "3 of 288 pairs reported on 27 October 2025",
        "1 of 50 province–state pairs reported on 28 April 2022",
        "2 of 234 city pairs reported on 28 April 2022",
    ]


def test_chinese_figures(client, registry_and_counts):
    html = client.get("/zh-hans/").content.decode()
    assert figures(html)[0] == "官方于2025年10月27日公布的 288 对结好关系中，本名录已收录 3 对"


def test_statement_of_what_is_missing_and_uncertain(client, registry_and_counts):
    html = client.get(reverse("registry:home")).content.decode()
    assert "285 of the pairs in the latest official count are not in the registry yet." in html
    assert "49 of the province–state pairs in the latest official count are not in the registry yet." in html
    assert "1 published pair has no known date of establishment, so the line below leaves it out." in html
    assert "The present status of 3 pairs is not confirmed by a source." in html


def test_chart_draws_the_dated_registry_and_each_official_count_of_all_pairs(client, registry_and_counts):
    html = client.get(reverse("registry:statistics")).content.decode()
    chart = re.search(r'<figure class="chart coverage-chart">.*?</figure>', html, re.S).group(0)
    assert '<svg role="img" aria-labelledby="coverage-chart-title coverage-chart-desc"' in chart
    assert re.findall(r"<title>([^<]*)</title>", chart) == [
        "14 March 2019: 277",
        "28 April 2022: 284",
        "27 October 2025: 288",
    ]
    # The line climbs to 1 pair at the end of 1979 and to 2 at the end of 1990 (the undated third
    # pair is left out), then runs flat to the right edge.
    points = re.search(r'<polyline class="registry-line" points="([^"]*)"', chart).group(1).split()
    heights = [float(point.split(",")[1]) for point in points]
    assert heights == sorted(heights, reverse=True)
    assert len(set(heights)) == 3
    year_labels = re.findall(r'text-anchor="middle">(\d{4})</text>', chart)
    assert year_labels[0] == "1980"
    assert year_labels[-1] == str(datetime.date.today().year // 5 * 5)
    assert "style=" not in chart


def test_statistics_lists_every_official_count_with_its_source(client, registry_and_counts):
    html = client.get(reverse("registry:statistics")).content.decode()
    table = re.search(r'<table class="official-counts">.*?</table>', html, re.S).group(0)
    assert table.count("<tr>") == 6
    assert table.count(f'href="{SOURCE}"') == 5


def test_official_counts_table_keeps_dates_and_counts_whole(client, registry_and_counts):
    # The note under a source is a block of its own (the site's boxed `.note` style is not for it);
    # the date and count cells have classes that keep them on one line; the table scrolls on a phone.
    OfficialCount.objects.filter(count=277).update(note="Copy of a report.")
    html = client.get(reverse("registry:statistics")).content.decode()
    table = re.search(r'<div class="table-scroll">\s*<table class="official-counts">.*?</table>', html, re.S)
    assert '<span class="source-note" lang="en">Copy of a report.</span>' in table.group(0)
    assert 'class="note"' not in table.group(0)
    assert '<td class="count">277</td>' in table.group(0)
    assert table.group(0).count('<td class="reported">') == 5


def test_no_official_counts_means_no_figures(client, db):
    CityPairingFactory(established_on="1990-01-01", established_precision="year")
    html = client.get(reverse("registry:home")).content.decode()
    assert "coverage-figures" not in html
    assert 'class="chart coverage-chart"' in html


@pytest.mark.parametrize("url_name", ["registry:home", "registry:statistics"])
def test_queries_do_not_grow_with_official_counts(client, registry_and_counts, url_name):
    def queries():
        cache.clear()  # a page-cache hit would make no query at all
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse(url_name)).status_code == 200
        return len(captured.captured_queries)

    before = queries()
    for year in range(2000, 2010):
        official(200 + year - 2000, datetime.date(year, 1, 1), source=f"{SOURCE}/{year}")
    assert queries() == before


def test_the_chart_has_a_few_count_lines_at_any_size():
    """100,000 pairs drew 1,001 grid lines (one per 100) and made the home page 138 KB."""
    from registry.templatetags.registry_tags import coverage_chart

    for top, step in ((284, 50), (600, 100), (5_000, 1_000), (100_000, 20_000)):
        coverage = {"officials": [], "dated_by_year": [(1979, 1), (2025, top)]}
        ticks = [tick["count"] for tick in coverage_chart(coverage, "t")["count_ticks"]]
        assert ticks == list(range(0, len(ticks) * step, step))
        assert ticks[-1] > top
        assert len(ticks) <= 8
