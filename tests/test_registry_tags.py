"""The template tags that write many rows at once: pair tables and select options. They format HTML
themselves for speed, so escaping and content are pinned here."""

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation

from registry.filters import PairingFilter
from registry.models import Pairing, Status, Tier

from .factories import ChineseCityFactory, CityPairingFactory, USCityFactory

pytestmark = pytest.mark.django_db


def render_table(pairings):
    return Template('{% include "registry/includes/pair_table.html" %}').render(
        Context({"pairings": pairings})
    )


@pytest.fixture
def pairing():
    return CityPairingFactory(
        side_a=ChineseCityFactory(name_en="Nanjing", name_zh="南京市", slug="nanjing"),
        side_b=USCityFactory(name_en="St. Louis", name_zh="", slug="st-louis"),
        slug="nanjing-st-louis",
        tier=Tier.FRIENDSHIP,
        status=Status.ACTIVE,
        established_on="1979-11-02",
        established_precision="day",
    )


def test_a_row_in_english_names_the_pair_links_it_and_shows_kind_tier_date_status(pairing):
    with translation.override("en"):
        html = render_table(Pairing.objects.for_table())
    assert (
        '<tr><td><a href="/en/pairs/nanjing-st-louis/">Nanjing – St. Louis</a>'
        ' <span class="other" lang="zh-Hans">南京市 – St. Louis</span></td>'
        "<td>city · friendship exchange</td><td>2 November 1979</td>"
        '<td><span class="status status-active">active</span></td></tr>'
    ) in html


def test_a_row_in_chinese_names_the_pair_in_chinese_with_english_beside(pairing):
    with translation.override("zh-hans"):
        html = render_table(Pairing.objects.for_table())
    assert '<a href="/zh-hans/pairs/nanjing-st-louis/">南京市 – St. Louis</a>' in html
    assert '<span class="other" lang="en">Nanjing – St. Louis</span>' in html
    assert "1979年11月2日" in html


def test_a_sister_pair_without_date_or_chinese_names_shows_no_tier_a_dash_and_no_second_name():
    CityPairingFactory(
        side_a=ChineseCityFactory(name_en="A", name_zh=""),
        side_b=USCityFactory(name_en="B", name_zh=""),
        slug="a-b",
        tier=Tier.SISTER,
        status=Status.UNKNOWN,
    )
    with translation.override("en"):
        html = render_table(Pairing.objects.for_table())
    assert (
        '<tr><td><a href="/en/pairs/a-b/">A – B</a></td><td>city</td><td>—</td>'
        '<td><span class="status status-unknown">unknown</span></td></tr>'
    ) in html


def test_names_are_escaped_in_rows():
    CityPairingFactory(
        side_a=ChineseCityFactory(name_en='<script>alert("x")</script>', name_zh="<b>&"),
        side_b=USCityFactory(name_en="O'Fallon", name_zh=""),
    )
    with translation.override("en"):
        html = render_table(Pairing.objects.for_table())
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; – O&#x27;Fallon" in html
    assert "&lt;b&gt;&amp; – O&#x27;Fallon" in html


def test_an_empty_table_says_so():
    with translation.override("en"):
        html = render_table(Pairing.objects.none())
    assert '<td colspan="4">No published pairs.</td>' in html


def test_select_options_mark_the_chosen_value_and_escape_labels():
    form = PairingFilter({"kind": "city"}, queryset=Pairing.objects.all()).form
    hostile = forms.Select(choices=[("", "All"), ("hubei", "<Hu&bei>")])
    hostile.template_name = "registry/widgets/select.html"  # the public forms' fast select
    with translation.override("en"):
        kind = str(form["kind"])
        region = hostile.render("region", "hubei")
    assert '<option value="city" selected>city</option>' in kind
    assert '<option value="province_state">province–state</option>' in kind
    assert '<option value="">All</option>' in kind
    assert '<option value="hubei" selected>&lt;Hu&amp;bei&gt;</option>' in region
    assert "<Hu&bei>" not in region


# The same rows as pair_rows writes, in plain template language: the fast path must write exactly
# this HTML, so that it can be read (and changed) as a template would be.
PLAIN_ROWS = (
    "{% load i18n %}{% get_current_language as language %}"
    "{% for p in pairings %}{% with a=p.side_a b=p.side_b %}"
    '<tr><td><a href="{% url "registry:pairing-detail" slug=p.slug %}">'
    "{% if language == 'zh-hans' %}{{ a.name_zh|default:a.name_en }} – {{ b.name_zh|default:b.name_en }}</a>"
    '{% if a.name_zh or b.name_zh %} <span class="other" lang="en">'
    "{{ a.name_en }} – {{ b.name_en }}</span>{% endif %}"
    "{% else %}{{ a.name_en }} – {{ b.name_en }}</a>"
    '{% if a.name_zh or b.name_zh %} <span class="other" lang="zh-Hans">'
    "{{ a.name_zh|default:a.name_en }} – {{ b.name_zh|default:b.name_en }}</span>{% endif %}{% endif %}"
    "</td><td>{{ p.get_kind_display }}{% if p.tier != 'sister' %} · {{ p.get_tier_display }}{% endif %}</td>"
    "<td>{{ p.established|default:'—' }}</td>"
    '<td><span class="status status-{{ p.status }}">{{ p.get_status_display }}</span></td></tr>'
    "{% if not forloop.last %}\n{% endif %}{% endwith %}{% endfor %}"
)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_fast_rows_are_exactly_what_a_plain_template_writes(pairing, language):
    CityPairingFactory(
        side_a=ChineseCityFactory(name_en='<script>alert("x")</script>', name_zh="<b>&"),
        side_b=USCityFactory(name_en="O'Fallon", name_zh=""),
        tier=Tier.SISTER,
    )
    CityPairingFactory(side_a=ChineseCityFactory(name_zh=""), side_b=USCityFactory(), status=Status.ENDED)
    pairings = list(Pairing.objects.for_table())
    with translation.override(language):
        fast = Template("{% load registry_tags %}{% pair_rows pairings %}").render(
            Context({"pairings": pairings})
        )
        plain = Template(PLAIN_ROWS).render(Context({"pairings": pairings}))
    assert len(pairings) == 3
    assert fast == plain


def test_only_the_public_filter_forms_use_the_fast_select(admin_client, pairing):
    from django.urls import reverse

    from registry.seeking.filters import SeekingFilter

    for filterset in (PairingFilter, SeekingFilter):
        form = filterset({}, queryset=filterset._meta.model.objects.all()).form
        selects = [f.widget for f in form.fields.values() if "select" in f.widget.template_name]
        assert selects
        assert {widget.template_name for widget in selects} == {"registry/widgets/select.html"}
    with translation.override("en"):
        response = admin_client.get(reverse("admin:registry_pairing_change", args=[pairing.pk]))
    admin_form = response.context["adminform"].form
    assert admin_form.fields["status"].widget.template_name == "django/forms/widgets/select.html"
    assert '<option value="active" selected>' in response.content.decode()
