"""Public pages of partner seeking: the list, a page per profile, suggestions for any place."""

from django import forms
from django.conf import settings
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, TemplateView
from django_countries import countries
from django_filters.views import FilterView

from ..models import Jurisdiction
from ..redirects import FollowRetiredSlugMixin
from ..views import PAGE_SIZE, FilteredListMixin
from .filters import SeekingFilter
from .models import SeekingProfile, SeekingStatus
from .suggestions import suggest_partners


def association_contact():
    """Where visitors write about a profile whose own contact is not public."""
    return settings.SEEKING_ASSOCIATION_CONTACT


class SeekingListView(FilteredListMixin, FilterView):
    filterset_class = SeekingFilter
    template_name = "registry/seeking/list.html"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return SeekingProfile.objects.public().open().for_listing()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["anyone_seeking"] = bool(context["object_list"]) or self.get_queryset().exists()
        return context


class SeekingDetailView(DetailView):
    context_object_name = "profile"
    template_name = "registry/seeking/detail.html"

    def get_queryset(self):
        return SeekingProfile.objects.public().for_listing().select_related("matched_pairing")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        profile = self.object
        matched = profile.matched_pairing
        context.update(
            pairing=matched if matched and matched.is_published else None,
            association_contact=association_contact(),
            suggestions=suggest_partners(profile.place, countries=profile.wanted_countries)
            if profile.status == SeekingStatus.OPEN
            else None,
        )
        return context


class CountryForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"), required=False)

    def __init__(self, *args, place, **kwargs):
        super().__init__(*args, **kwargs)
        # COUNTRIES_FIRST_REPEAT lists China and the US twice in `countries`: keep each once.
        others = {code: name for code, name in countries if code != str(place.country)}
        default = ("", _("Where it or its province/state has partners"))
        self.fields["country"].choices = [default, *others.items()]


class PlaceSuggestionsView(FollowRetiredSlugMixin, TemplateView):
    """Suggested partners for any public place, in one country or where it already has ties."""

    template_name = "registry/seeking/suggestions.html"
    slug_model = Jurisdiction

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        place = get_object_or_404(Jurisdiction.objects.public().with_parents(), slug=kwargs["slug"])
        form = CountryForm(self.request.GET or None, place=place)
        suggestions = None
        if not form.is_bound or form.is_valid():
            country = form.cleaned_data.get("country") if form.is_bound else ""
            suggestions = suggest_partners(place, countries=[country] if country else None)
        context.update(place=place, form=form, suggestions=suggestions)
        return context
