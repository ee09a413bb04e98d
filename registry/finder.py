"""The home page's place finder: what a visitor types ("Ohio", "圣路易斯", "Canton", "Peking",
"St Louis") leads to the place, through the keys reconcile_places stored for every name and code
the gazetteer knows it by. As they type, the places whose keys start with the text are offered
(JSON for the finder's script); on submit, one place opens its page, several are listed, none
falls back to the pair list's search."""

from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef, Q
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from .models import Jurisdiction, PlaceKey
from .places.names import compact
from .places.search import names_place

SUGGESTIONS = 8
MAX_FOUND = 50


def _public_places():
    published = Q(pairings_as_a__is_published=True)
    published_b = Q(pairings_as_b__is_published=True)
    return (
        Jurisdiction.objects.public()
        .with_parents()
        .annotate(
            pair_count=Count("pairings_as_a", filter=published, distinct=True)
            + Count("pairings_as_b", filter=published_b, distinct=True)
        )
        .order_by("-pair_count", "name_en", "pk")
    )


def places_named(text):
    """Public places known by the text (any name, alias, gazetteer name or code), most pairs first."""
    condition = names_place("", text)
    if not condition:
        return Jurisdiction.objects.none()
    return _public_places().filter(condition)[:MAX_FOUND]


def places_starting(text):
    """Public places with a name or code that starts with the text, for suggestions as one types."""
    prefix = compact(text)
    # One Han character already names places (湖); one Latin letter would match hundreds.
    if not prefix or (prefix.isascii() and len(prefix) < 2):
        return Jurisdiction.objects.none()
    keys = PlaceKey.objects.filter(jurisdiction=OuterRef("pk"), key__startswith=prefix)
    return _public_places().filter(Exists(keys))[:SUGGESTIONS]


def _row(place):
    return {
        "name": place.local_name(),
        "other_name": place.other_name(),
        "parent": place.parent.local_name() if place.parent_id else "",
        "url": place.get_absolute_url(),
        "pairs": place.pair_count,
    }


@require_safe
def place_suggestions(request):
    """As-you-type suggestions: [{name, other_name, parent, url, pairs}]."""
    places = places_starting(request.GET.get("q", ""))
    return JsonResponse(
        {"places": [_row(place) for place in places]}, json_dumps_params={"ensure_ascii": False}
    )


class PlaceFinderView(TemplateView):
    """The finder's submit: one place → its page; several → this list; none → the pair search."""

    template_name = "registry/place_finder.html"

    def get(self, request, *args, **kwargs):
        text = request.GET.get("q", "").strip()
        places = list(places_named(text)) if text else []
        if len(places) == 1:
            return HttpResponseRedirect(places[0].get_absolute_url())
        if not places:
            query = f"?{urlencode({'q': text})}" if text else ""
            return HttpResponseRedirect(reverse("registry:pairing-list") + query)
        return self.render_to_response(
            self.get_context_data(
                q=text,
                places=places,
                pairs_url=f"{reverse('registry:pairing-list')}?{urlencode({'q': text})}",
            )
        )
