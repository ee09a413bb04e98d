"""Suggestions from the public (registry/suggestions/): the form in both languages, what it
refuses, its honeypot, rate limit and CSRF check, and the staff review queue by role, where an
editor turns a suggestion into an unpublished pair or opens the pair it corrects in one step."""

from unittest import mock

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation

from registry.models import Pairing, Suggestion, SuggestionKind, SuggestionStatus

from .factories import ChineseCityFactory, CityPairingFactory, USCityFactory
from .helpers import role_client

pytestmark = pytest.mark.django_db

GOOD = {
    "kind": "new_pair",
    "place_a": "Wuhan",
    "place_b": "Pittsburgh",
    "message": "Established in 2016, according to the city's page.",
    "source_url": "https://example.org/wuhan-pittsburgh",
    "contact_email": "visitor@example.org",
}


def suggest_url(lang="en"):
    with translation.override(lang):
        return reverse("registry:suggest")


@pytest.mark.parametrize(
    ("lang", "heading", "button"),
    [
        ("en", "Suggest a pair or a correction", "Send the suggestion"),
        ("zh-hans", "建议新增结好关系或更正", "提交建议"),
    ],
)
def test_the_form_in_both_languages(client, lang, heading, button):
    page = client.get(suggest_url(lang)).content.decode()
    assert f"<h1>{heading}</h1>" in page
    assert button in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert 'name="website"' in page  # the honeypot, hidden from people
    assert 'class="trap" aria-hidden="true"' in page


def test_a_suggestion_is_stored_for_staff_and_publishes_nothing(client):
    pairs_before = Pairing.objects.count()
    response = client.post(suggest_url(), GOOD)
    assert response.status_code == 302
    assert response["Location"] == "/en/suggest/?sent=1"
    [suggestion] = Suggestion.objects.all()
    assert suggestion.status == SuggestionStatus.NEW
    assert (suggestion.place_a, suggestion.place_b) == ("Wuhan", "Pittsburgh")
    assert suggestion.source_url == GOOD["source_url"]
    assert suggestion.contact_email == "visitor@example.org"
    assert suggestion.language == "en"
    assert Pairing.objects.count() == pairs_before
    thanks = client.get(response["Location"]).content.decode()
    assert "your suggestion has been received" in thanks


def test_the_contact_email_is_never_shown_publicly(client):
    pairing = CityPairingFactory()
    client.post(suggest_url(), {**GOOD, "kind": "correction", "pair": pairing.slug})
    for url in (pairing.get_absolute_url(), suggest_url(), reverse("registry:home")):
        assert "visitor@example.org" not in client.get(url).content.decode()


def test_a_source_url_is_required_with_a_message_in_the_visitors_language(client):
    response = client.post(suggest_url("zh-hans"), {**GOOD, "source_url": ""})
    assert response.status_code == 400
    assert "这个字段是必填项。" in response.content.decode()
    assert not Suggestion.objects.exists()


def test_a_new_pair_needs_both_places(client):
    response = client.post(suggest_url(), {**GOOD, "place_b": ""})
    assert response.status_code == 400
    assert "Name both places of the pair." in response.content.decode()
    assert not Suggestion.objects.exists()


def test_the_honeypot_pretends_to_accept_and_stores_nothing(client):
    response = client.post(suggest_url(), {**GOOD, "website": "https://spam.example"})
    assert response.status_code == 302
    assert not Suggestion.objects.exists()


def test_a_browser_post_without_the_csrf_token_is_refused(db):
    response = Client(enforce_csrf_checks=True).post(suggest_url(), GOOD)
    assert response.status_code == 403
    assert not Suggestion.objects.exists()


def test_the_rate_limit_refuses_a_visitor_who_sends_too_many(client, settings):
    settings.SUGGESTION_RATE = "2/h"
    assert client.post(suggest_url(), GOOD).status_code == 302
    assert client.post(suggest_url(), GOOD).status_code == 302
    refused = client.post(suggest_url(), GOOD)
    assert refused.status_code == 429
    assert "You have sent several suggestions in a short time" in refused.content.decode()
    assert Suggestion.objects.count() == 2
    # Another address is counted on its own.
    assert client.post(suggest_url(), GOOD, REMOTE_ADDR="192.0.2.7").status_code == 302


def test_behind_a_proxy_visitors_are_counted_by_their_forwarded_address(client, settings):
    settings.SUGGESTION_RATE = "1/h"
    settings.RATELIMIT_PROXY_COUNT = 1
    first = {"HTTP_X_FORWARDED_FOR": "198.51.100.1"}
    assert client.post(suggest_url(), GOOD, **first).status_code == 302
    assert client.post(suggest_url(), GOOD, **first).status_code == 429
    assert client.post(suggest_url(), GOOD, HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 302


def test_pair_and_place_pages_and_the_footer_link_to_the_form(client):
    pairing = CityPairingFactory()
    pair_page = client.get(pairing.get_absolute_url()).content.decode()
    assert f'href="/en/suggest/?pair={pairing.slug}"' in pair_page
    place_page = client.get(
        reverse("registry:jurisdiction-detail", args=[pairing.side_a.slug])
    ).content.decode()
    assert f'href="/en/suggest/?place={pairing.side_a.slug}"' in place_page
    assert 'href="/en/suggest/"' in client.get(reverse("registry:home")).content.decode()


def test_a_correction_from_a_pair_page_names_the_pair(client):
    pairing = CityPairingFactory()
    page = client.get(f"{suggest_url()}?pair={pairing.slug}").content.decode()
    assert f'value="{pairing.slug}"' in page
    assert f"A correction to the pair {pairing}" in page
    client.post(
        suggest_url(), {**GOOD, "kind": "correction", "pair": pairing.slug, "place_a": "", "place_b": ""}
    )
    suggestion = Suggestion.objects.get()
    assert suggestion.kind == SuggestionKind.CORRECTION
    assert suggestion.pairing == pairing
    assert (suggestion.side_a, suggestion.side_b) == (pairing.side_a, pairing.side_b)


def test_an_unpublished_pair_cannot_be_named(client):
    hidden = CityPairingFactory(is_published=False)
    response = client.post(suggest_url(), {**GOOD, "kind": "correction", "pair": hidden.slug})
    assert response.status_code == 400
    assert "not in the registry" in response.content.decode()
    assert not Suggestion.objects.exists()


# The review queue --------------------------------------------------------------------------------


def review_url(suggestion):
    return reverse("admin:registry_suggestion_change", args=[suggestion.pk])


def new_suggestion(**fields):
    return Suggestion.objects.create(**{**GOOD, **fields})


@pytest.mark.parametrize("role", ["viewer", "editor", "importer", "administrator"])
def test_every_role_reads_the_queue(role):
    suggestion = new_suggestion()
    client = role_client(role)
    assert client.get(reverse("admin:registry_suggestion_changelist")).status_code == 200
    page = client.get(review_url(suggestion)).content.decode()
    assert "Wuhan" in page
    assert ("Create the pair (unpublished)" in page) == (role != "viewer")


@pytest.mark.parametrize("button", ["_create_pair", "_reject", "_open_pair"])
def test_a_viewer_cannot_review(button):
    suggestion = new_suggestion(side_a=ChineseCityFactory(), side_b=USCityFactory())
    response = role_client("viewer").post(review_url(suggestion), {"status": "new", button: "1"})
    assert response.status_code == 403
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.NEW
    assert not Pairing.objects.exists()


@pytest.mark.parametrize("role", ["editor", "importer", "administrator"])
def test_an_editor_creates_the_unpublished_pair_in_one_step(role):
    wuhan, pittsburgh = ChineseCityFactory(name_en="Wuhan"), USCityFactory(name_en="Pittsburgh")
    suggestion = new_suggestion()
    response = role_client(role).post(
        review_url(suggestion),
        {
            "status": "new",
            "side_a": wuhan.pk,
            "side_b": pittsburgh.pk,
            "review_note": "",
            "_create_pair": "1",
        },
    )
    pairing = Pairing.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:registry_pairing_change", args=[pairing.pk])
    assert (pairing.side_a, pairing.side_b, pairing.kind) == (wuhan, pittsburgh, "city")
    assert pairing.slug == "wuhan-pittsburgh"
    assert pairing.is_published is False
    assert [source.url for source in pairing.sources.all()] == [GOOD["source_url"]]
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.ACCEPTED
    assert suggestion.pairing == pairing
    assert suggestion.reviewed_by.username == f"{role}-reverter"
    # Both changes are in the history, with who made them.
    assert suggestion.history.first().history_user.username == f"{role}-reverter"
    assert pairing.history.first().history_user.username == f"{role}-reverter"


def test_creating_a_pair_that_exists_is_refused_with_the_reason():
    existing = CityPairingFactory()
    suggestion = new_suggestion()
    response = role_client("editor").post(
        review_url(suggestion),
        {"status": "new", "side_a": existing.side_b.pk, "side_b": existing.side_a.pk, "_create_pair": "1"},
    )
    assert response.status_code == 200
    assert "These two places are already paired" in response.content.decode()
    assert Pairing.objects.count() == 1
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.NEW


def test_creating_a_pair_needs_both_places_picked():
    suggestion = new_suggestion()
    response = role_client("editor").post(review_url(suggestion), {"status": "new", "_create_pair": "1"})
    assert response.status_code == 200
    assert "Pick both places in the registry" in response.content.decode()
    assert not Pairing.objects.exists()


def test_an_editor_opens_the_pair_a_correction_is_about():
    pairing = CityPairingFactory()
    suggestion = new_suggestion(kind="correction", pairing=pairing, message="The date is 1985, not 1986.")
    response = role_client("editor").post(
        review_url(suggestion), {"status": "new", "_open_pair": "1"}, follow=True
    )
    assert response.redirect_chain[0][0] == reverse("admin:registry_pairing_change", args=[pairing.pk])
    assert "The date is 1985, not 1986." in response.content.decode()
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.ACCEPTED
    assert Pairing.objects.count() == 1


def test_an_editor_rejects_a_suggestion_and_it_cannot_be_reviewed_twice():
    sides = {"side_a": ChineseCityFactory().pk, "side_b": USCityFactory().pk}
    suggestion = new_suggestion()
    editor = role_client("editor")
    assert editor.post(review_url(suggestion), {"status": "new", **sides, "_reject": "1"}).status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.REJECTED
    again = editor.post(
        review_url(suggestion),
        {"status": "rejected", **sides, "_create_pair": "1"},
    )
    assert "already been reviewed" in again.content.decode()
    assert not Pairing.objects.exists()


def test_the_public_cannot_add_suggestions_through_the_admin():
    assert role_client("administrator").get(reverse("admin:registry_suggestion_add")).status_code == 403


def test_a_suggestion_does_not_empty_the_page_cache(client):
    from registry.page_cache import current_generation

    before = current_generation()
    client.post(suggest_url(), GOOD)
    assert current_generation() == before


def test_a_request_for_a_host_the_site_does_not_serve_gets_the_400_page(client):
    response = client.post(suggest_url(), GOOD, HTTP_HOST="attacker.example")
    assert response.status_code == 400
    assert "The request could not be read" in response.content.decode()
    assert not Suggestion.objects.exists()


def test_with_the_cache_away_the_form_still_takes_suggestions(client):
    from registry.cache_backend import CacheUnavailable

    with (
        mock.patch.object(cache, "add", return_value=False),
        mock.patch.object(cache, "incr", side_effect=CacheUnavailable("key")),
    ):
        response = client.post(suggest_url(), GOOD)
    assert response.status_code == 302
    assert Suggestion.objects.count() == 1


def test_each_error_is_tied_to_its_field_for_screen_readers(client):
    page = client.post(suggest_url(), {**GOOD, "source_url": "javascript:alert(1)"}).content.decode()
    assert 'aria-describedby="id_source_url_helptext id_source_url_error"' in page
    assert 'aria-invalid="true"' in page
    assert '<span class="error" id="id_source_url_error">' in page


def test_the_queue_makes_the_same_number_of_queries_for_1_or_20_suggestions():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = role_client("editor")
    url = reverse("admin:registry_suggestion_changelist")
    new_suggestion(kind="correction", pairing=CityPairingFactory())
    client.get(url)  # warm: sessions, content types
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(19):
        new_suggestion(kind="correction", pairing=CityPairingFactory())
    with CaptureQueriesContext(connection) as twenty:
        assert "20 suggestions" in client.get(url).content.decode()
    assert len(twenty) == len(one)
