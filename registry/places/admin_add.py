"""Adding a place in the admin starts from the gazetteer: staff type a name in any script or
spelling (成都, Chéngdū, chengdu, Canton, St Louis), pick the entry they mean, and the add form
opens filled from it: both names, parent, level, position, ids and a slug. Saving links the new
place to its entry. Typing a place by hand stays possible for places the gazetteer lacks (a
development zone), behind a warning. The same goes for the "+" beside a pair's sides."""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from registry.models import CITY_PAIR_PROVINCE_DESIGNATIONS, Jurisdiction, Level, RetiredSlug
from registry.slugs import free_slug, place_slug_base

from . import resolve as resolver
from .importing import link_created_places
from .models import GazetteerEntry

MAX_RESULTS = 20
ID_FIELDS = ("gbt2260_code", "iso_3166_2", "geonames_id")
# The admin's own parameters that a popup ("+" beside a pair's side) carries through the search.
POPUP_PARAMETERS = ("_popup", "_to_field")


def registry_places_for(entries):
    """{entry pk: the registry place that is that gazetteer entry}, in one query."""
    condition = Q(gazetteer_match__entry__in=[entry.pk for entry in entries])
    for field in ID_FIELDS:
        values = {getattr(entry, field) for entry in entries if getattr(entry, field)}
        if values:
            condition |= Q(**{f"{field}__in": values})
    places = list(Jurisdiction.objects.filter(condition).select_related("gazetteer_match").order_by("pk"))
    found = {}
    for entry in entries:
        for place in places:
            match = getattr(place, "gazetteer_match", None)
            if place.country == entry.country and (
                (match is not None and match.entry_id == entry.pk)
                or any(getattr(entry, f) and getattr(place, f) == getattr(entry, f) for f in ID_FIELDS)
            ):
                found[entry.pk] = place
                break
    return found


def registry_place_for(entry):
    """The registry place that is this gazetteer entry, or None."""
    return registry_places_for([entry]).get(entry.pk)


def nearest_registry_ancestor(entry):
    """(the registry place the new place goes under, the gazetteer parent missing from the registry
    on the way, or None)."""
    index = resolver.get_index()
    missing = None
    for pk in index.ancestors(index.places[entry.pk]):
        ancestor = GazetteerEntry.objects.get(pk=pk)
        place = registry_place_for(ancestor)
        if place is not None:
            return place, missing
        missing = missing or ancestor
    return None, missing


def initial_from_entry(entry):
    """The add form's fields as the entry gives them."""
    parent, _missing = nearest_registry_ancestor(entry)
    level = entry.level
    if level == Level.CITY and parent is not None and parent.designation in CITY_PAIR_PROVINCE_DESIGNATIONS:
        level = Level.COUNTY  # a district of Beijing is county level, as imports make it
    parent_slug = parent.slug if parent else ""
    base = place_slug_base(entry.name_en, entry.name_zh, parent_slug=parent_slug, country=entry.country)
    taken = set(Jurisdiction.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    taken |= set(
        RetiredSlug.objects.filter(slug__startswith=base, place__isnull=False).values_list("slug", flat=True)
    )
    initial = {
        "country": entry.country,
        "level": level,
        "designation": entry.designation,
        "parent": parent.pk if parent else None,
        "name_en": entry.name_en,
        "name_zh": entry.name_zh,
        "slug": free_slug(base, taken),
        "iso_3166_2": entry.iso_3166_2,
        "geonames_id": entry.geonames_id,
        "gbt2260_code": entry.gbt2260_code,
    }
    if entry.latitude is not None:
        initial["latitude"] = Decimal(str(round(entry.latitude, 6)))
        initial["longitude"] = Decimal(str(round(entry.longitude, 6)))
        initial["coordinates_source"] = entry.position_provenance
    return initial


def search_results(text):
    """[(gazetteer place, label, registry place or None)] for the typed text; closest names when
    nothing carries it."""
    index = resolver.get_index()
    found = resolver.candidates(text, every_tier=True)[:MAX_RESULTS]
    entries = GazetteerEntry.objects.in_bulk([place.pk for place in found])
    existing = registry_places_for(list(entries.values()))
    return [(entries[place.pk], place.label(index), existing.get(place.pk)) for place in found]


class GazetteerAddMixin:
    """For the places' ModelAdmin: the add view is a gazetteer search until an entry is chosen."""

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        entry = self.chosen_entry(request)
        searching = "manual" not in request.GET and GazetteerEntry.objects.exists()
        if request.method == "GET" and entry is None and searching:
            return self.gazetteer_search_view(request)
        if entry is not None:
            existing = registry_place_for(entry)
            if existing is not None:
                self.message_user(
                    request,
                    _("%(place)s is already in the registry.") % {"place": existing},
                    messages.WARNING,
                )
                return HttpResponseRedirect(reverse("admin:registry_jurisdiction_change", args=[existing.pk]))
            if request.method == "GET":
                _parent, missing = nearest_registry_ancestor(entry)
                if missing is not None:
                    self.message_user(
                        request,
                        _("%(parent)s is not in the registry yet: add it first to put this place under it.")
                        % {"parent": missing},
                        messages.WARNING,
                    )
        elif request.method == "GET":
            self.message_user(
                request,
                _(
                    "Typing a place by hand is only for a place the gazetteer lacks (a development zone, "
                    "a village): check the search first, and cite a source for its names and position."
                ),
                messages.WARNING,
            )
        return super().add_view(request, form_url, extra_context)

    def chosen_entry(self, request):
        pk = request.GET.get("entry", "")
        return GazetteerEntry.objects.filter(pk=pk).first() if pk.isdigit() else None

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        entry = self.chosen_entry(request)
        if entry is not None:
            initial.update(initial_from_entry(entry))
        return initial

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        entry = None if change else self.chosen_entry(request)
        if entry is not None:
            obj.gazetteer_entry = entry
            link_created_places([obj])

    def gazetteer_search_view(self, request):
        text = request.GET.get("q", "").strip()
        carried = {name: request.GET[name] for name in POPUP_PARAMETERS if name in request.GET}
        results = search_results(text) if text else []
        suggestions = resolver.suggest(text) if text and not results else []
        return TemplateResponse(
            request,
            "admin/registry/place_search.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": _("Add a place from the gazetteer"),
                "q": text,
                "results": [
                    (entry, label, existing, f"?{urlencode({**carried, 'entry': entry.pk})}")
                    for entry, label, existing in results
                ],
                "suggestions": suggestions,
                "carried": carried,
                "manual_url": f"?{urlencode({**carried, 'manual': 1})}",
                "is_popup": "_popup" in request.GET,
            },
        )
